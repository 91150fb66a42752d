package dev.pilot.dashboard.projection;

import dev.pilot.contracts.Topics;
import dev.pilot.platform.events.BatchDeadLetters;
import dev.pilot.platform.events.EventCodec;
import dev.pilot.platform.events.TopicProperties;
import dev.pilot.platform.tracing.TraceScope;
import dev.pilot.platform.tracing.Traces;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.messaging.Message;

/**
 * The Spring Cloud Stream consumers of both topics, in the shared group {@code dashboard-service}
 * so the read model is written once however many dashboard instances run. They consume in batch
 * mode: one poll's records are decoded, the malformed ones dead-lettered, and the rest applied in
 * one transaction; a record whose content cannot be applied is dead-lettered too ({@link
 * Unappliable}), while transient failures retry the whole batch.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionConsumers {

  /**
   * One consumer of both topics (binding {@code dashboardEvents-in-0}, destination {@code
   * execution-events,approval-events}): one poll brings the records of both, so a run's approval
   * events are applied in the same transaction as its execution events when they arrive together,
   * and one thread holds a partition of each topic with the same number (the range assignor assigns
   * co-partitioned topics alike; both are keyed by execution id), so the execution and approval
   * batches of one run no longer wait for each other's row locks. Each record is decoded as its own
   * topic's event, and dead-lettered to its own topic's dead-letter topic.
   */
  @Bean
  Consumer<Message<List<byte[]>>> dashboardEvents(
      EventCodec codec, Projection projection, BatchDeadLetters deadLetters, Traces traces) {
    return batch ->
        project(
            batch,
            traces,
            "dashboard projection",
            () ->
                Unappliable.apply(
                    batch,
                    topic ->
                        switch (topic) {
                          case Topics.EXECUTION_EVENTS -> codec::readExecutionEvent;
                          case Topics.APPROVAL_EVENTS -> codec::readApprovalEvent;
                          default ->
                              throw new IllegalStateException(
                                  "Not a topic of the dashboard: " + topic);
                        },
                    projection,
                    deadLetters));
  }

  /**
   * A batch is applied in one transaction but belongs to many executions' traces: each record that
   * carries a {@code traceparent} gets a consumer span of its own trace covering the batch's
   * application (failed if it failed; the retry makes new ones).
   */
  private static void project(
      Message<List<byte[]>> batch, Traces traces, String name, Runnable apply) {
    try (TraceScope spans = traces.spanPerRecord(batch, name)) {
      try {
        apply.run();
      } catch (RuntimeException e) {
        spans.failed(e);
        throw e;
      }
    }
  }

  /** The dead-letter topics exist before the first malformed record, as the binder made them. */
  @Bean
  NewTopic executionEventsDeadLetters(
      @Value("${spring.application.name}") String service, TopicProperties topics) {
    return BatchDeadLetters.declare(Topics.EXECUTION_EVENTS, service, topics.partitions());
  }

  @Bean
  NewTopic approvalEventsDeadLetters(
      @Value("${spring.application.name}") String service, TopicProperties topics) {
    return BatchDeadLetters.declare(Topics.APPROVAL_EVENTS, service, topics.partitions());
  }

  /** A batch that fails for any reason but a malformed record is retried whole until it applies. */
  @Bean
  ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> retryFailedBatches() {
    return (container, destination, group) ->
        container.setCommonErrorHandler(BatchDeadLetters.retryingWholeBatches());
  }
}
