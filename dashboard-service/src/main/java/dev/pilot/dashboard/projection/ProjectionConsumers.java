package dev.pilot.dashboard.projection;

import dev.pilot.contracts.PilotEvent;
import dev.pilot.contracts.Topics;
import dev.pilot.platform.events.BatchDeadLetters;
import dev.pilot.platform.events.EventCodec;
import dev.pilot.platform.events.MalformedEventException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
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
 * The Spring Cloud Stream consumers of both topics, in the shared group {@code dashboard-service}
 * so the read model is written once however many dashboard instances run. They consume in batch
 * mode: one poll's records are decoded, the malformed ones dead-lettered, and the rest applied in
 * one transaction.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionConsumers {

  @Bean
  Consumer<Message<List<byte[]>>> executionEvents(
      EventCodec codec, Projection projection, BatchDeadLetters deadLetters) {
    return batch ->
        projection.apply(
            decode(batch, Topics.EXECUTION_EVENTS, codec::readExecutionEvent, deadLetters));
  }

  @Bean
  Consumer<Message<List<byte[]>>> approvalEvents(
      EventCodec codec, Projection projection, BatchDeadLetters deadLetters) {
    return batch ->
        projection.apply(
            decode(batch, Topics.APPROVAL_EVENTS, codec::readApprovalEvent, deadLetters));
  }

  /** The dead-letter topics exist before the first malformed record, as the binder made them. */
  @Bean
  NewTopic executionEventsDeadLetters(
      @Value("${spring.application.name}") String service,
      @Value("${pilot.kafka.partitions:6}") int partitions) {
    return BatchDeadLetters.declare(Topics.EXECUTION_EVENTS, service, partitions);
  }

  @Bean
  NewTopic approvalEventsDeadLetters(
      @Value("${spring.application.name}") String service,
      @Value("${pilot.kafka.partitions:6}") int partitions) {
    return BatchDeadLetters.declare(Topics.APPROVAL_EVENTS, service, partitions);
  }

  /**
   * A batch that fails for any reason but a malformed record (the database is away, a deadlock) is
   * retried whole, with back-off, until it applies: the projection is idempotent, and skipping it
   * would lose events.
   */
  @Bean
  ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> retryFailedBatches() {
    return (container, destination, group) -> {
      ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
      backOff.setMaxInterval(5_000);
      container.setCommonErrorHandler(new DefaultErrorHandler(backOff));
    };
  }

  private static List<PilotEvent> decode(
      Message<List<byte[]>> batch,
      String topic,
      Function<byte[], Optional<? extends PilotEvent>> reader,
      BatchDeadLetters deadLetters) {
    List<byte[]> payloads = batch.getPayload();
    List<PilotEvent> events = new ArrayList<>(payloads.size());
    for (int i = 0; i < payloads.size(); i++) {
      try {
        reader.apply(payloads.get(i)).ifPresent(events::add);
      } catch (MalformedEventException e) {
        deadLetters.send(topic, batch, i, e);
      }
    }
    return events;
  }
}
