package dev.pilot.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.StepStarted;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Headers of the CloudEvents Kafka binding let a consumer route without parsing the value. */
class CloudEventHeadersTest {

  private final JsonMapper mapper = JsonMapper.builder().build();

  @Test
  void headersNameTheEventItsTypeAndVersionItsPublisherTimeAndExecution() {
    ApprovalRequested event =
        (ApprovalRequested)
            mapper.readValue(Fixtures.bytes("ApprovalRequested"), ExecutionEvent.class);
    JsonNode json = mapper.readTree(mapper.writeValueAsString(event));

    assertThat(CloudEventHeaders.of(event, "/execution-service"))
        .containsExactly(
            entry("ce_id", json.path("event_id").asString()),
            entry("ce_type", "dev.pilot.ApprovalRequested.v1"),
            entry("ce_source", "/execution-service"),
            entry("ce_specversion", "1.0"),
            entry("ce_time", json.path("occurred_at").asString()),
            entry("ce_subject", json.path("execution_id").asString()),
            entry("content-type", "application/json"));
  }

  @Test
  void headerTimeIsTheUtcInstantTheEventOccurredWithItsFraction() {
    StepStarted event =
        new StepStarted(
            java.util.UUID.randomUUID(),
            Instant.parse("2026-03-14T09:30:00.123456789Z"),
            java.util.UUID.randomUUID(),
            2,
            "fetch-invoices",
            "Fetch approved invoices",
            1,
            4,
            1);

    String time = CloudEventHeaders.of(event, "/execution-service").get(CloudEventHeaders.TIME);

    assertThat(time).isEqualTo("2026-03-14T09:30:00.123456789Z");
    assertThat(Instant.parse(time)).isEqualTo(event.occurredAt());
  }

  @Test
  void typeNamesTheEventTypeAndItsSchemaVersion() {
    assertThat(CloudEventHeaders.ceType("StepCompleted", 1))
        .isEqualTo("dev.pilot.StepCompleted.v1");
    assertThat(CloudEventHeaders.ceType("StepCompleted", 2))
        .isEqualTo("dev.pilot.StepCompleted.v2");
  }

  private static java.util.Map.Entry<String, String> entry(String key, String value) {
    return java.util.Map.entry(key, value);
  }
}
