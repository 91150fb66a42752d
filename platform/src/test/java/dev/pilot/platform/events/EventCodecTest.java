package dev.pilot.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.ExecutionPaused;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  final EventCodec codec = new EventCodec();

  @Test
  void writesSnakeCaseEnvelopeAndReadsTheSameEventBack() {
    ExecutionPaused paused =
        new ExecutionPaused(
            UUID.randomUUID(),
            Instant.parse("2026-11-25T10:15:30Z"),
            UUID.randomUUID(),
            7,
            "alice",
            "pay");

    String json = codec.write(paused);

    assertThat(json)
        .contains("\"event_type\":\"ExecutionPaused\"")
        .contains("\"schema_version\":1")
        .contains("\"occurred_at\":\"2026-11-25T10:15:30Z\"")
        .contains("\"next_step_id\":\"pay\"");
    assertThat(codec.readExecutionEvent(bytes(json))).contains(paused);
  }

  @Test
  void readsApprovalEventsWithNestedResponses() {
    ApprovalResolved resolved =
        new ApprovalResolved(
            UUID.randomUUID(),
            Instant.now(),
            UUID.randomUUID(),
            3,
            UUID.randomUUID(),
            "review",
            ApprovalOutcome.APPROVED,
            1,
            0,
            1,
            List.of());

    assertThat(codec.readApprovalEvent(bytes(codec.write(resolved)))).contains(resolved);
  }

  @Test
  void ignoresEventTypesANewerProducerAddedAndFieldsItAdded() {
    String future =
        """
        {"event_type":"ExecutionTeleported","event_id":"%s","execution_id":"%s","sequence":1}"""
            .formatted(UUID.randomUUID(), UUID.randomUUID());
    String extraField =
        """
        {"event_type":"ExecutionResumed","event_id":"%s","execution_id":"%s","sequence":2,
         "occurred_at":"2026-11-25T10:15:30Z","requested_by":"alice","new_field":true}"""
            .formatted(UUID.randomUUID(), UUID.randomUUID());

    assertThat(codec.readExecutionEvent(bytes(future))).isEmpty();
    assertThat(codec.readExecutionEvent(bytes(extraField)))
        .get()
        .extracting(ExecutionEvent::eventType)
        .isEqualTo("ExecutionResumed");
  }

  @Test
  void rejectsRecordsThatAreNotContractEvents() {
    assertThatThrownBy(() -> codec.readExecutionEvent(bytes("{not json")))
        .isInstanceOf(MalformedEventException.class);
    assertThatThrownBy(() -> codec.readExecutionEvent(bytes("{\"sequence\":1}")))
        .isInstanceOf(MalformedEventException.class);
    assertThatThrownBy(
            () ->
                codec.readExecutionEvent(
                    bytes("{\"event_type\":\"ExecutionResumed\",\"sequence\":1}")))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("event_id");
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
