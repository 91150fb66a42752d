package dev.pilot.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.ExecutionPaused;
import dev.pilot.contracts.execution.StepCompleted;
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

  @Test
  void refusesAListHoldingANullWhereverItStandsButReadsNullFields() {
    String base =
        """
        {"event_type":"StepCompleted","event_id":"%s","execution_id":"%s","sequence":3,
         "occurred_at":"2026-11-25T10:15:30Z","step_id":"pay","step_title":null,
         "step_order":1,"total_steps":2,
         "completed_steps":%s}"""
            .formatted(UUID.randomUUID(), UUID.randomUUID(), "%s");

    for (String list : List.of("[null]", "[ null ]", "[\"fetch\",null]", "[\"fetch\",\n null]")) {
      assertThatThrownBy(() -> codec.readExecutionEvent(bytes(base.formatted(list))))
          .as(list)
          .isInstanceOf(MalformedEventException.class)
          .hasMessageContaining("completed_steps[");
    }
    // A null field, and "null" inside a string, are not null elements.
    assertThat(codec.readExecutionEvent(bytes(base.formatted("[\"[null\",\",null\"]"))))
        .get()
        .extracting(e -> ((StepCompleted) e).completedSteps())
        .isEqualTo(List.of("[null", ",null"));
  }

  @Test
  void readsTheSameEventWhetherItsTextMayHoldANullElementOrNot() {
    ExecutionPaused paused =
        new ExecutionPaused(
            UUID.randomUUID(),
            Instant.parse("2026-11-25T10:15:30.123456Z"),
            UUID.randomUUID(),
            7,
            "alice",
            "pay");
    String json = codec.write(paused);
    // A string holding ",null" sends the text the checked way (tree, then binding).
    String checked = json.replace("\"pay\"", "\"pay,null\"");
    assertThat(EventCodec.mayHoldNullElement(bytes(json))).isFalse();
    assertThat(EventCodec.mayHoldNullElement(bytes(checked))).isTrue();

    assertThat(codec.readExecutionEvent(bytes(json))).contains(paused);
    assertThat(codec.readExecutionEvent(bytes(checked)))
        .get()
        .extracting(e -> ((ExecutionPaused) e).nextStepId())
        .isEqualTo("pay,null");
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
