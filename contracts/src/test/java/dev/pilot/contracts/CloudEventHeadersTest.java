package dev.pilot.contracts;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.StepStarted;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The headers of the CloudEvents Kafka binding (binary mode) let a consumer route without parsing
 * the value, and never contradict the envelope in the value.
 */
class CloudEventHeadersTest {

  private final JsonMapper mapper = JsonMapper.builder().build();

  static Iterable<EventTypes> eventTypes() {
    return EventTypes.all();
  }

  @Test
  void headersNameTheEventItsTypeAndVersionItsPublisherTimeAndExecution() {
    PilotEvent event = mapper.readValue(Fixtures.bytes("ApprovalRequested"), ExecutionEvent.class);

    assertThat(CloudEventHeaders.of(event, "/execution-service"))
        .containsExactly(
            entry("ce_id", "0b6f3c1e-2a4d-4f7b-9c8e-1d2f3a4b5c04"),
            entry("ce_type", "dev.pilot.ApprovalRequested.v1"),
            entry("ce_source", "/execution-service"),
            entry("ce_specversion", "1.0"),
            entry("ce_time", "2026-03-14T09:30:01.352Z"),
            entry("ce_subject", "7c9e6679-7425-40de-944b-e07fc1f90ae7"),
            entry("content-type", "application/json"));
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void everyEventTypesHeadersRepeatItsEnvelopeExactly(EventTypes eventType) {
    PilotEvent event = SampleEvents.sample(eventType.type(), 0);
    JsonNode json = mapper.readTree(mapper.writeValueAsString(event));

    Map<String, String> headers = CloudEventHeaders.of(event, "/approval-service");

    assertThat(headers.get(CloudEventHeaders.ID)).isEqualTo(json.path("event_id").asString());
    assertThat(headers.get(CloudEventHeaders.TYPE))
        .isEqualTo(
            "dev.pilot."
                + json.path("event_type").asString()
                + ".v"
                + json.path("schema_version").asInt());
    assertThat(headers.get(CloudEventHeaders.TIME)).isEqualTo(json.path("occurred_at").asString());
    assertThat(headers.get(CloudEventHeaders.SUBJECT))
        .isEqualTo(json.path("execution_id").asString());
  }

  @Test
  void headerTimeIsTheUtcInstantTheEventOccurredWithItsFullFraction() {
    StepStarted event =
        new StepStarted(
            UUID.randomUUID(),
            Instant.parse("2026-03-14T09:30:00.123456789Z"),
            UUID.randomUUID(),
            2,
            "fetch-invoices",
            "Fetch approved invoices",
            1,
            4,
            1);

    String time = CloudEventHeaders.of(event, "/execution-service").get(CloudEventHeaders.TIME);

    assertThat(time).isEqualTo("2026-03-14T09:30:00.123456789Z");
    assertThat(mapper.readTree(mapper.writeValueAsString(event)).path("occurred_at").asString())
        .isEqualTo(time);
  }

  @Test
  void typeNamesTheEventTypeAndItsSchemaVersion() {
    assertThat(CloudEventHeaders.ceType("StepCompleted", 1))
        .isEqualTo("dev.pilot.StepCompleted.v1");
    assertThat(CloudEventHeaders.ceType("StepCompleted", 2))
        .isEqualTo("dev.pilot.StepCompleted.v2");
  }
}
