package dev.pilot.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.CloudEventHeaders;
import dev.pilot.contracts.Topics;
import dev.pilot.contracts.execution.ExecutionResumed;
import dev.pilot.platform.outbox.Outbox;
import dev.pilot.testsupport.RealInfrastructure;
import dev.pilot.testsupport.TopicRecorder;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * With tracing on, an event carries the trace context of the span that queued it to Kafka, and a
 * consumer's span per record continues that trace. Spans are collected by the SDK's in-memory
 * exporter (the OTLP exporter is switched off; the system test {@code ExecutionTraceTest} covers
 * OTLP).
 */
@SpringBootTest(
    properties = {
      "spring.flyway.locations=classpath:db/platform",
      TracingEnvironment.ENDPOINT + "=http://127.0.0.1:4318",
      "management.tracing.export.otlp.enabled=false",
      "management.opentelemetry.tracing.export.schedule-delay=50ms"
    })
@RealInfrastructure
class TracedOutboxTest {

  @SpringBootApplication
  static class App {
    @Bean
    InMemorySpanExporter spans() {
      return InMemorySpanExporter.create();
    }
  }

  @Autowired Outbox outbox;
  @Autowired Traces traces;
  @Autowired TransactionTemplate transactions;
  @Autowired InMemorySpanExporter spans;

  @Test
  void anEventCarriesTheTraceOfTheSpanThatQueuedItAndItsConsumerContinuesIt() {
    UUID execution = UUID.randomUUID();
    String queuedIn;
    try (TopicRecorder recorder = TopicRecorder.open(Topics.EXECUTION_EVENTS)) {
      try (TraceScope span = traces.continueTrace((String) null, "start execution")) {
        queuedIn = traces.current();
        transactions.executeWithoutResult(
            tx -> outbox.append(Topics.EXECUTION_EVENTS, resumed(execution)));
      }

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(recorder.valuesFor(execution)).hasSize(1));
      ConsumerRecord<String, String> record =
          recorder.matching(r -> execution.toString().equals(r.key())).get(0);
      String sent = header(record, CloudEventHeaders.TRACEPARENT);
      assertThat(sent).isEqualTo(queuedIn).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");

      try (TraceScope consumed = traces.spanPerRecord(batchOf(record), "project")) {
        // the batch is applied here
      }
    }
    String traceId = queuedIn.substring(3, 35);
    String parentSpanId = queuedIn.substring(36, 52);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(spans.getFinishedSpanItems())
                    .filteredOn(s -> s.getName().equals("project ExecutionResumed"))
                    .singleElement()
                    .satisfies(
                        s -> {
                          assertThat(s.getTraceId()).isEqualTo(traceId);
                          assertThat(s.getParentSpanId()).isEqualTo(parentSpanId);
                          assertThat(s.getAttributes().asMap().toString())
                              .contains(execution.toString());
                        }));
  }

  @Test
  void workStartedFromAStoredContextJoinsItsTraceAndLinksTheRequestThatCausedIt() {
    String stored;
    try (TraceScope start = traces.continueTrace((String) null, "start execution")) {
      stored = traces.current();
    }
    String request;
    try (TraceScope answer = traces.continueTrace((String) null, "POST /api/approvals")) {
      request = traces.current();
      try (TraceScope joined = traces.continueTrace(stored, "approval answer")) {
        assertThat(traces.current()).startsWith(stored.substring(0, 36));
        // What the JSON logs of the prod profile carry as fields.
        assertThat(MDC.get("traceId")).isEqualTo(stored.substring(3, 35));
      }
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              SpanData joined =
                  spans.getFinishedSpanItems().stream()
                      .filter(s -> s.getName().equals("approval answer"))
                      .findFirst()
                      .orElseThrow();
              assertThat(joined.getTraceId()).isEqualTo(stored.substring(3, 35));
              assertThat(joined.getParentSpanId()).isEqualTo(stored.substring(36, 52));
              assertThat(joined.getLinks())
                  .singleElement()
                  .satisfies(
                      link ->
                          assertThat(link.getSpanContext().getSpanId())
                              .isEqualTo(request.substring(36, 52)));
            });
  }

  /** The record as Spring Cloud Stream hands a batch of one to a consumer. */
  private static Message<List<byte[]>> batchOf(ConsumerRecord<String, String> record) {
    RecordHeaders headers = new RecordHeaders();
    record.headers().forEach(headers::add);
    return MessageBuilder.withPayload(List.of(record.value().getBytes(StandardCharsets.UTF_8)))
        .copyHeaders(Map.of(KafkaHeaders.NATIVE_HEADERS, List.of(headers)))
        .build();
  }

  private static ExecutionResumed resumed(UUID execution) {
    return new ExecutionResumed(UUID.randomUUID(), Instant.now(), execution, 1, "alice");
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
