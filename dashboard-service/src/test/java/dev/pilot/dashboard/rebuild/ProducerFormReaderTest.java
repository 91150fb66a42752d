package dev.pilot.dashboard.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.PilotEvent;
import dev.pilot.contracts.PilotStepSummary;
import dev.pilot.contracts.StepStatus;
import dev.pilot.contracts.StepType;
import dev.pilot.contracts.Trigger;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.contracts.approval.ApprovalResponseRecorded;
import dev.pilot.contracts.execution.ApprovalContext;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.contracts.execution.ExecutionCompleted;
import dev.pilot.contracts.execution.ExecutionResumed;
import dev.pilot.contracts.execution.ExecutionStarted;
import dev.pilot.contracts.execution.StepCompleted;
import dev.pilot.contracts.execution.StepStarted;
import dev.pilot.platform.events.EventCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The rebuild reads the events of a run without binding them; whatever the text, it must read the
 * same event as the live consumers' codec, or refuse it the same way, on either topic.
 */
class ProducerFormReaderTest {

  private static final EventCodec CODEC = new EventCodec();
  private static final ProducerFormReader READER = new ProducerFormReader(CODEC);

  private static final UUID EVENT = UUID.fromString("0b6f3c1e-2a4d-4f7b-9c8e-1d2f3a4b5c03");
  private static final UUID EXECUTION = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
  private static final UUID AGENT = UUID.fromString("9f64be75-bb41-4f3b-bbd9-8f9e1b69cd9e");
  private static final UUID APPROVAL = UUID.fromString("ff8193f5-cc76-44d6-afc2-3e4ac0d66f95");
  private static final Instant AT = Instant.parse("2026-03-14T09:30:01.310123456Z");

  private static final StepStarted STARTED =
      new StepStarted(EVENT, AT, EXECUTION, 2, "fetch-invoices", "Fetch invoices", 1, 4, 1);
  private static final StepCompleted COMPLETED =
      new StepCompleted(
          EVENT,
          AT,
          EXECUTION,
          3,
          "fetch-invoices",
          "Fetch \"approved\" invoices ü",
          1,
          4,
          List.of("a", "fetch-invoices"));
  private static final ExecutionCompleted FINISHED =
      new ExecutionCompleted(EVENT, AT, EXECUTION, 11, 4, 2_149_870_000_000L);
  private static final ExecutionStarted BEGUN =
      new ExecutionStarted(
          EVENT,
          AT,
          EXECUTION,
          1,
          AGENT,
          "Benchmark",
          "alice",
          ExecutionMode.MANUAL,
          Trigger.MANUAL,
          List.of(
              new PilotStepSummary("a", "Step A", StepType.ACTION),
              new PilotStepSummary("approve", "Approve", StepType.APPROVAL)));
  private static final ApprovalRequested REQUESTED =
      new ApprovalRequested(
          EVENT,
          AT,
          EXECUTION,
          6,
          APPROVAL,
          "approve",
          "Approve",
          3,
          5,
          List.of("bob", "carol"),
          ApprovalType.MAJORITY,
          AT.plusSeconds(3600),
          "bench",
          "alice",
          true,
          new ApprovalContext(
              AGENT,
              "Benchmark",
              null,
              ExecutionMode.MANUAL,
              Trigger.MANUAL,
              AT.minusMillis(700),
              List.of(
                  new ApprovalContext.Step("a", "Step A", StepType.ACTION, StepStatus.COMPLETED),
                  new ApprovalContext.Step(
                      "approve", "Approve", StepType.APPROVAL, StepStatus.WAITING_APPROVAL))));
  private static final ApprovalResponseRecorded ANSWERED =
      new ApprovalResponseRecorded(
          EVENT,
          AT,
          EXECUTION,
          1,
          APPROVAL,
          "bob",
          Decision.APPROVE,
          null,
          ApprovalType.ANY,
          1,
          0,
          1);
  private static final ApprovalResolved RESOLVED =
      new ApprovalResolved(
          EVENT,
          AT,
          EXECUTION,
          2,
          APPROVAL,
          "approve",
          ApprovalOutcome.APPROVED,
          1,
          0,
          1,
          List.of(new ApprovalResolved.Response("bob", Decision.APPROVE, null, AT)));

  @Test
  void readsTheEventsOfARunAsTheProducersWriteThemWithoutBindingThem() {
    for (PilotEvent event :
        List.of(
            STARTED,
            COMPLETED,
            FINISHED,
            new StepCompleted(EVENT, AT, EXECUTION, 5, "s", "", 2, 2, List.of()),
            BEGUN,
            REQUESTED,
            withDescription(REQUESTED, "Pays \"every\" invoice"),
            ANSWERED,
            new ApprovalResponseRecorded(
                EVENT,
                AT,
                EXECUTION,
                3,
                APPROVAL,
                "dave",
                Decision.REJECT,
                "No.",
                ApprovalType.ALL,
                0,
                1,
                3),
            RESOLVED,
            new ApprovalResolved(
                EVENT,
                AT,
                EXECUTION,
                4,
                APPROVAL,
                "approve",
                ApprovalOutcome.TIMEOUT,
                0,
                0,
                2,
                List.of(new ApprovalResolved.Response("carol", Decision.REJECT, "Late", AT))))) {
      byte[] json = CODEC.write(event).getBytes(StandardCharsets.UTF_8);
      assertThat(ProducerFormReader.quickly(json)).isEqualTo(event);
      assertReadAsByTheCodec(CODEC.write(event));
    }
  }

  @Test
  void readsEveryOtherFormAsTheCodecDoes() {
    String started = CODEC.write(STARTED);
    String completed = CODEC.write(COMPLETED);
    String finished = CODEC.write(FINISHED);
    List<UnaryOperator<String>> edits =
        List.of(
            s -> s.replace("\"step_title\":\"Fetch invoices\",", ""),
            s -> s.replace("\"Fetch invoices\"", "null"),
            s -> s.replace("\"sequence\":2", "\"sequence\":\"2\""),
            s -> s.replace("\"sequence\":2", "\"sequence\":2.0"),
            s -> s.replace("\"sequence\":2", "\"sequence\":99999999999999999999"),
            s -> s.replace("\"step_order\":1", "\"step_order\":4294967296"),
            s -> s.replace("\"attempt\":1,", ""),
            s -> s.replace("\"attempt\":1", "\"attempt\":null"),
            s -> s.replace("{", "{\"extra\":[1,{\"a\":null}],"),
            s -> s.replace("{", "{\"sequence\":7,"),
            s -> s.replace("{", "{\"schema_version\":{\"v\":1},"),
            s -> s.replace("\"schema_version\":1", "\"schema_version\":\"one\""),
            s -> s.replace(EVENT.toString(), EVENT.toString().toUpperCase()),
            s -> s.replace(EVENT.toString(), EVENT.toString().replace('-', '_')),
            s -> s.replace(EVENT.toString(), "0b6f3c1e-2a4d-4f7b-9c8e-1d2f3a4b5cg3"),
            s -> s.replace(EXECUTION.toString(), "C56a4180-65aa-42ec-a945-5fd21dec0538"),
            s -> s.replace(EXECUTION.toString(), "Bpw+Xm6+RBKQ7MSVq1F1+Q=="),
            s -> s.replace("\"execution_id\":\"" + EXECUTION + "\",", ""),
            s -> s.replace("\"event_id\":\"" + EVENT + "\",", ""),
            s -> s.replace("2026-03-14T09:30:01.310123456Z", "2026-03-14T10:30:01.310+01:00"),
            s -> s.replace("2026-03-14T09:30:01.310123456Z", "2026-02-30T09:30:01Z"),
            s -> s.replace("\"occurred_at\":\"2026-03-14T09:30:01.310123456Z\",", ""),
            s -> s.replace("StepStarted", "ExecutionResumed"),
            s -> s.replace("StepStarted", "StepRetried"),
            s -> s.replace("\"event_type\":\"StepStarted\",", ""),
            s -> s + " {}",
            s -> s + " x",
            s -> "[" + s + "]",
            s -> s.substring(0, s.length() - 1));
    List<UnaryOperator<String>> completedEdits =
        List.of(
            s -> s.replace("[\"a\",", "[null,"),
            s -> s.replace("[\"a\",", "[1,"),
            s -> s.replace("[\"a\",", "[[\"a\"],"),
            s -> s.replace("[\"a\",\"fetch-invoices\"]", "\"a\""),
            s -> s.replace("{", "{\"output\":{\"rows\":[1,2]},"),
            s -> s.replace("StepCompleted", "StepStarted"),
            s -> s.replace("\"step_order\":1", "\"step_order\":-1"));
    List<UnaryOperator<String>> finishedEdits =
        List.of(
            s -> s.replace("\"duration_ms\":2149870000000", "\"duration_ms\":-5"),
            s -> s.replace(",\"duration_ms\":2149870000000", ""),
            s -> s.replace("ExecutionCompleted", "ExecutionCancelled"));
    List<String> all =
        List.of(
            started,
            completed,
            finished,
            CODEC.write(BEGUN),
            CODEC.write(REQUESTED),
            CODEC.write(ANSWERED),
            CODEC.write(RESOLVED));
    for (UnaryOperator<String> edit : edits) {
      assertThat(all.stream().anyMatch(text -> !edit.apply(text).equals(text)))
          .as("the edit changes an event")
          .isTrue();
      all.forEach(text -> assertReadAsByTheCodec(edit.apply(text)));
    }
    for (UnaryOperator<String> edit : completedEdits) {
      assertThat(edit.apply(completed)).isNotEqualTo(completed);
      assertReadAsByTheCodec(edit.apply(completed));
    }
    for (UnaryOperator<String> edit : finishedEdits) {
      assertThat(edit.apply(finished)).isNotEqualTo(finished);
      assertReadAsByTheCodec(edit.apply(finished));
    }
    assertReadAsByTheCodec(CODEC.write(new ExecutionResumed(EVENT, AT, EXECUTION, 9, "alice")));
  }

  @Test
  void readsEveryOtherFormOfTheRunsOtherEventsAsTheCodecDoes() {
    Map<PilotEvent, List<UnaryOperator<String>>> edits =
        Map.of(
            BEGUN,
            List.of(
                s -> s.replace("\"mode\":\"manual\"", "\"mode\":\"scheduled\""),
                s -> s.replace("\"mode\":\"manual\"", "\"mode\":\"MANUAL\""),
                s -> s.replace("\"trigger\":\"manual\"", "\"trigger\":\"cron\""),
                s -> s.replace("\"trigger\":\"manual\"", "\"trigger\":0"),
                s -> s.replace("\"type\":\"approval\"", "\"type\":\"Approval\""),
                s ->
                    s.replace(
                        "\"type\":\"approval\"", "\"type\":\"approval\",\"status\":\"pending\""),
                s -> s.replace("\"title\":\"Step A\",", ""),
                s -> s.replace("{\"id\":\"a\",\"title\":\"Step A\",\"type\":\"action\"}", "null"),
                s -> s.replace("\"owner\":\"alice\"", "\"owner\":null"),
                s -> s.replace("\"agent_id\":\"" + AGENT + "\",", "")),
            REQUESTED,
            List.of(
                s -> s.replace("\"prevent_self_approval\":true", "\"prevent_self_approval\":false"),
                s -> s.replace("\"prevent_self_approval\":true", "\"prevent_self_approval\":1"),
                s ->
                    s.replace(
                        "\"prevent_self_approval\":true", "\"prevent_self_approval\":\"true\""),
                s -> s.replace("\"prevent_self_approval\":true", "\"prevent_self_approval\":null"),
                s -> s.replace("\"approval_type\":\"majority\"", "\"approval_type\":\"all\""),
                s -> s.replace("\"approval_type\":\"majority\"", "\"approval_type\":\"MAJORITY\""),
                s -> s.replace("\"approvers\":[\"bob\",\"carol\"]", "\"approvers\":[]"),
                s -> s.replace("\"approvers\":[\"bob\",\"carol\"]", "\"approvers\":[\"bob\",null]"),
                s -> s.replace("\"reason\":\"bench\",", ""),
                s -> s.replace("\"agent_name\"", "\"description\":null,\"agent_name\""),
                s -> s.replace("\"agent_name\"", "\"schema_version\":1,\"agent_name\""),
                s -> s.replace("\"status\":\"waiting_approval\"", "\"status\":\"waiting\""),
                s -> s.replace(",\"status\":\"completed\"", ""),
                s -> s.replace("\"execution_started_at\"", "\"started\""),
                s -> s.replace("\"context\":{", "\"context\":{\"pilot_steps\":[],"),
                s -> s.replace("\"owner\"", "\"proposal\":{\"rows\":[1]},\"owner\""),
                s -> s.replace("\"owner\"", "\"editable\":true,\"owner\""),
                s -> s.replace("\"owner\"", "\"on_timeout\":\"fail\",\"owner\""),
                s -> s.replace("\"owner\"", "\"remind_at\":[],\"owner\""),
                s -> s.replace("\"owner\"", "\"approver_groups\":[],\"owner\""),
                s -> s.replace("ApprovalRequested", "ApprovalResolved")),
            ANSWERED,
            List.of(
                s -> s.replace("\"decision\":\"approve\"", "\"decision\":\"reject\""),
                s -> s.replace("\"decision\":\"approve\"", "\"decision\":\"APPROVE\""),
                s -> s.replace("\"decision\":\"approve\"", "\"decision\":\"yes\""),
                s -> s.replace("\"decision\"", "\"comment\":null,\"decision\""),
                s -> s.replace("\"decision\"", "\"comment\":\"fine\",\"decision\""),
                s -> s.replace("\"decision\"", "\"comment\":7,\"decision\""),
                s -> s.replace("\"decision\"", "\"revision\":2,\"decision\""),
                s -> s.replace("\"approvals\":1", "\"approvals\":\"1\""),
                s -> s.replace("\"approvals\":1,", ""),
                s -> s.replace("\"approval_id\":\"" + APPROVAL + "\",", ""),
                s -> s.replace("ApprovalResponseRecorded", "ApprovalReminderSent")),
            RESOLVED,
            List.of(
                s -> s.replace("\"outcome\":\"approved\"", "\"outcome\":\"cancelled\""),
                s -> s.replace("\"outcome\":\"approved\"", "\"outcome\":\"ok\""),
                s -> s.replace("\"responses\":[{", "\"responses\":[],\"x\":[{"),
                s -> s.replace("\"responses\":[{", "\"responses\":[null,{"),
                s -> s.replace("\"responses\":[{", "\"responses\":[{\"comment\":\"ok\","),
                s -> s.replace("\"responses\":[{", "\"responses\":[{\"revision\":1,"),
                s -> s.replace("\"responses\":[{", "\"responses\":[{\"dismissed\":true,"),
                s -> s.replace("\"responses\":[{", "\"responses\":[{\"step_id\":\"a\","),
                s -> s.replace(",\"responded_at\":\"2026-03-14T09:30:01.310123456Z\"", ""),
                s -> s.replace("\"outcome\"", "\"timed_out\":true,\"outcome\""),
                s -> s.replace("\"outcome\"", "\"proposal\":{},\"outcome\""),
                s -> s.replace("\"total_approvers\":1", "\"total_approvers\":1.5"),
                s -> s.replace("ApprovalResolved", "ApprovalEscalated")));
    edits.forEach(
        (event, forms) -> {
          String text = CODEC.write(event);
          for (UnaryOperator<String> edit : forms) {
            assertThat(edit.apply(text)).as("the edit changes %s", text).isNotEqualTo(text);
            assertReadAsByTheCodec(edit.apply(text));
          }
        });
  }

  private static ApprovalRequested withDescription(ApprovalRequested r, String description) {
    ApprovalContext c = r.context();
    return new ApprovalRequested(
        r.eventId(),
        r.occurredAt(),
        r.executionId(),
        r.sequence(),
        r.approvalId(),
        r.stepId(),
        r.stepTitle(),
        r.stepOrder(),
        r.totalSteps(),
        r.approvers(),
        r.approvalType(),
        r.expiresAt(),
        r.reason(),
        r.owner(),
        r.preventSelfApproval(),
        new ApprovalContext(
            c.agentId(),
            c.agentName(),
            description,
            c.mode(),
            c.trigger(),
            c.executionStartedAt(),
            c.pilotSteps()));
  }

  /** On either topic: the same event, or the same refusal, as the codec. */
  private static void assertReadAsByTheCodec(String text) {
    byte[] json = text.getBytes(StandardCharsets.UTF_8);
    assertThat(outcome(() -> READER.readExecutionEvent(json)))
        .as(text)
        .isEqualTo(outcome(() -> CODEC.readExecutionEvent(json)));
    assertThat(outcome(() -> READER.readApprovalEvent(json)))
        .as(text)
        .isEqualTo(outcome(() -> CODEC.readApprovalEvent(json)));
  }

  /** The event read, or the refusal's class and reason. */
  private static Object outcome(java.util.function.Supplier<?> read) {
    try {
      return read.get();
    } catch (RuntimeException refused) {
      return refused.getClass().getName() + ": " + refused.getMessage();
    }
  }
}
