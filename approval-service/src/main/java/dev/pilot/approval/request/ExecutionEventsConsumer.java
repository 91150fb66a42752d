package dev.pilot.approval.request;

import dev.pilot.contracts.Topics;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.platform.events.BatchDeadLetters;
import dev.pilot.platform.events.EventCodec;
import dev.pilot.platform.events.TopicProperties;
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
 * The execution-events binding, in batch mode. Most of an execution's events (steps started and
 * completed) do not concern approvals: a record whose {@code ce_type} header names such a type is
 * skipped without decoding its JSON. The others are decoded (a malformed one is dead-lettered to
 * {@code execution-events.approval-service.dlq} and the batch carries on) and applied in as few
 * transactions as keep their order. Keeping this cheap keeps the consumer from lagging behind the
 * stream, which approvers would feel as a request arriving late.
 */
@Configuration(proxyBeanMethods = false)
class ExecutionEventsConsumer {

  @Bean
  Consumer<Message<List<byte[]>>> executionEvents(
      EventCodec codec, ApprovalRequestIntake intake, BatchDeadLetters deadLetters, Traces traces) {
    // Each event is applied in a span of its own record's trace (a batch has many parents).
    return batch -> intake.applyAll(concerning(batch, codec, deadLetters), traces.of(batch));
  }

  /** The dead-letter topic exists before the first malformed record, as the binder made it. */
  @Bean
  NewTopic executionEventsDeadLetters(
      @Value("${spring.application.name}") String service, TopicProperties topics) {
    return BatchDeadLetters.declare(Topics.EXECUTION_EVENTS, service, topics.partitions());
  }

  @Bean
  ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> retryFailedBatches() {
    return (container, destination, group) ->
        container.setCommonErrorHandler(BatchDeadLetters.retryingWholeBatches());
  }

  static List<ExecutionEvent> concerning(
      Message<List<byte[]>> batch, EventCodec codec, BatchDeadLetters deadLetters) {
    return deadLetters.decode(
        batch,
        Topics.EXECUTION_EVENTS,
        ApprovalRequestIntake::ignores,
        payload ->
            codec
                .readExecutionEvent(payload)
                .filter(ApprovalRequestIntake::concerns)
                .map(
                    event -> {
                      ApprovalRequestIntake.validate(event);
                      return event;
                    }));
  }
}
