package dev.pilot.approval.request;

import dev.pilot.contracts.Topics;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.platform.events.BatchDeadLetters;
import dev.pilot.platform.events.BatchRecords;
import dev.pilot.platform.events.EventCodec;
import dev.pilot.platform.events.MalformedEventException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.messaging.Message;
import org.springframework.util.backoff.ExponentialBackOff;

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
      EventCodec codec, ApprovalRequestIntake intake, BatchDeadLetters deadLetters) {
    return batch -> intake.applyAll(concerning(batch, codec, deadLetters));
  }

  /** The dead-letter topic exists before the first malformed record, as the binder made it. */
  @Bean
  NewTopic executionEventsDeadLetters(
      @Value("${spring.application.name}") String service,
      @Value("${pilot.kafka.partitions:6}") int partitions) {
    return BatchDeadLetters.declare(Topics.EXECUTION_EVENTS, service, partitions);
  }

  /**
   * A batch that fails for any reason but a malformed record (the database is away, a deadlock) is
   * retried whole, with back-off, until it applies: the intake is idempotent (an inbox row per
   * event), and skipping the batch would lose approval requests.
   */
  @Bean
  ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> retryFailedBatches() {
    return (container, destination, group) -> {
      ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
      backOff.setMaxInterval(5_000);
      container.setCommonErrorHandler(new DefaultErrorHandler(backOff));
    };
  }

  static List<ExecutionEvent> concerning(
      Message<List<byte[]>> batch, EventCodec codec, BatchDeadLetters deadLetters) {
    List<byte[]> payloads = batch.getPayload();
    List<ExecutionEvent> events = new ArrayList<>();
    for (int i = 0; i < payloads.size(); i++) {
      if (BatchRecords.eventType(batch, i).filter(ApprovalRequestIntake::ignores).isPresent()) {
        continue;
      }
      try {
        Optional<ExecutionEvent> event = codec.readExecutionEvent(payloads.get(i));
        if (event.isPresent() && ApprovalRequestIntake.concerns(event.get())) {
          ApprovalRequestIntake.validate(event.get());
          events.add(event.get());
        }
      } catch (MalformedEventException e) {
        deadLetters.send(Topics.EXECUTION_EVENTS, batch, i, e);
      }
    }
    return events;
  }
}
