package dev.pilot.execution.approval;

import dev.pilot.contracts.CloudEventHeaders;
import dev.pilot.contracts.approval.ApprovalEvent;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.platform.events.BatchDeadLetters;
import dev.pilot.platform.events.BatchRecords;
import dev.pilot.platform.events.EventCodec;
import dev.pilot.platform.events.MalformedEventException;
import dev.pilot.platform.kafka.KafkaClients;
import dev.pilot.platform.logging.LogContext;
import dev.pilot.platform.tracing.TraceScope;
import dev.pilot.platform.tracing.Traces;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.messaging.Message;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class ApprovalEventsBinding {

  private static final Logger log = LoggerFactory.getLogger(ApprovalEventsBinding.class);

  private static final String RESOLVED = ApprovalResolved.class.getSimpleName();

  /**
   * Binding {@code approvalEvents-in-0}; unknown event types are skipped, malformed ones fail. Only
   * an outcome moves a run: progress reports (ApprovalResponseRecorded, reminders, escalations) are
   * dropped here, before a transaction is opened for them, and by their {@code ce_type} header
   * before their JSON is read when they carry one. The record's bytes arrive as Kafka delivered
   * them (native decoding): the binder's message conversion would parse the JSON once more.
   */
  @Bean
  Consumer<Message<byte[]>> approvalEvents(
      EventCodec codec, ApprovalEventHandler handler, Traces traces) {
    return message -> {
      if (BatchRecords.eventType(message).filter(type -> !type.equals(RESOLVED)).isPresent()) {
        return;
      }
      codec
          .readApprovalEvent(message.getPayload())
          .filter(ApprovalResolved.class::isInstance)
          .ifPresent(event -> apply(event, message, handler, traces));
    };
  }

  /**
   * Applied in a span continuing the record's trace (its {@code traceparent}: the approval's, so
   * the execution's), with the execution's id in the log lines; what it queues carries the span on.
   */
  private static void apply(
      ApprovalEvent event, Message<byte[]> message, ApprovalEventHandler handler, Traces traces) {
    try (LogContext logs =
            LogContext.empty()
                .with(LogContext.EXECUTION_ID, event.executionId())
                .with(LogContext.APPROVAL_ID, ((ApprovalResolved) event).approvalId());
        TraceScope span =
            traces.enabled()
                ? traces.consuming(traceparent(message), "approval-events ApprovalResolved")
                : TraceScope.NONE) {
      span.tag("pilot.execution_id", event.executionId());
      handler.on(event);
    }
  }

  private static String traceparent(Message<?> message) {
    Object value = message.getHeaders().get(CloudEventHeaders.TRACEPARENT);
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return value == null ? null : value.toString();
  }

  /**
   * A malformed record goes to {@code approval-events.execution-service.dlq} at once; any other
   * failure (the database is away, a deadlock) is retried, backing off up to 10 s, until it
   * applies: a real decision must never end in the dead letters because an outage lasted longer
   * than a retry budget.
   */
  @Bean
  ListenerContainerWithDlqAndRetryCustomizer retryUntilApplied(
      KafkaClients kafka, @Value("${spring.application.name}") String service) {
    // With the service's Kafka credentials, as the binder's own clients (KafkaClients).
    KafkaTemplate<byte[], byte[]> deadLetters =
        new KafkaTemplate<>(
            new DefaultKafkaProducerFactory<>(
                kafka.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all")),
                new ByteArraySerializer(),
                new ByteArraySerializer()));
    return new ListenerContainerWithDlqAndRetryCustomizer() {
      @Override
      public void configure(
          AbstractMessageListenerContainer<?, ?> container,
          String destination,
          String group,
          BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver,
          BackOff backOff) {
        ExponentialBackOff forever = new ExponentialBackOff(200, 2.0);
        forever.setMaxInterval(10_000); // no maximum elapsed time: retried until it applies
        DeadLetterPublishingRecoverer recoverer =
            new DeadLetterPublishingRecoverer(
                deadLetters,
                (record, failure) ->
                    new TopicPartition(BatchDeadLetters.topicFor(destination, service), -1));
        // The same reason header as every other dead letter of the system (BatchDeadLetters).
        recoverer.setHeadersFunction(
            (record, failure) -> {
              Throwable reason = malformedCause(failure);
              return new RecordHeaders()
                  .add("x-exception-message", utf8(String.valueOf(reason.getMessage())))
                  .add("x-exception-fqcn", utf8(reason.getClass().getName()));
            });
        DefaultErrorHandler errors = new DefaultErrorHandler(recoverer, forever);
        errors.addNotRetryableExceptions(MalformedEventException.class);
        errors.setRetryListeners(
            (record, failure, attempt) -> {
              if (attempt == 1 || attempt % 10 == 0) {
                log.warn(
                    "Approval event at {}-{}@{} not applied yet (attempt {}), retrying: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    attempt,
                    failure.toString());
              }
            });
        container.setCommonErrorHandler(errors);
      }

      @Override
      public boolean retryAndDlqInBinding(String destination, String group) {
        return false;
      }
    };
  }

  private static Throwable malformedCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MalformedEventException) {
        return t;
      }
    }
    return failure;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
