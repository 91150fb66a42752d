package dev.pilot.execution.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.StepType;
import dev.pilot.contracts.Trigger;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.execution.agent.Agent;
import dev.pilot.execution.agent.PilotStep;
import dev.pilot.platform.web.ConflictException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The state machine alone: no database, no broker. */
class ExecutionTest {

  static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
  final List<ExecutionEvent> published = new ArrayList<>();

  static PilotStep action(String id) {
    return new PilotStep(
        id, id, StepType.ACTION, new PilotStep.Action("log", Map.of()), null, null);
  }

  static PilotStep approval(String id) {
    return new PilotStep(
        id,
        id,
        StepType.APPROVAL,
        null,
        null,
        new PilotStep.Approval(List.of("bob"), ApprovalType.ANY, "PT1H", "why", false));
  }

  static Execution start(PilotStep... steps) {
    Agent agent =
        new Agent(
            UUID.randomUUID(),
            "alice",
            "agent",
            null,
            ExecutionMode.MANUAL,
            null,
            "UTC",
            List.of(steps),
            null,
            NOW,
            NOW);
    return Execution.start(agent, Trigger.MANUAL, NOW);
  }

  List<String> drain(Execution e) {
    List<String> types = e.events.stream().map(ExecutionEvent::eventType).toList();
    published.addAll(e.events);
    e.events.clear();
    return types;
  }

  static ApprovalResolved outcome(Execution e, ApprovalOutcome outcome) {
    return new ApprovalResolved(
        UUID.randomUUID(), NOW, e.id, 1, e.approvalId, "ok", outcome, 1, 0, 1, List.of());
  }

  @Test
  void aWorkerGoesFromActionToActionHoldingItsLeaseUntilTheEnd() {
    Execution e = start(action("a"), action("b"));
    assertThat(drain(e)).containsExactly("ExecutionStarted");
    assertThat(e.becameRunnable).isTrue();

    UUID token = UUID.randomUUID();
    e.claimed("me", token, NOW.plusSeconds(30), NOW);
    e.stepSucceeded(NOW);
    assertThat(e.heldBy(token)).isTrue();
    e.stepSucceeded(NOW);

    assertThat(drain(e))
        .containsExactly(
            "StepStarted", "StepCompleted", "StepStarted", "StepCompleted", "ExecutionCompleted");
    assertThat(e.status).isEqualTo(ExecutionStatus.COMPLETED);
    assertThat(e.leaseToken).isNull();
    assertThat(published.stream().map(ExecutionEvent::sequence))
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void aPauseRequestedMidStepTakesEffectAtTheBoundary() {
    Execution e = start(action("a"), action("b"));
    e.claimed("me", UUID.randomUUID(), NOW.plusSeconds(30), NOW);

    e.pause("alice", NOW);
    assertThat(e.status).isEqualTo(ExecutionStatus.RUNNING);
    e.stepSucceeded(NOW);

    assertThat(e.status).isEqualTo(ExecutionStatus.PAUSED);
    assertThat(e.currentStepId()).isEqualTo("b");
    assertThat(drain(e)).endsWith("StepCompleted", "ExecutionPaused");
  }

  @Test
  void anOutcomeWhilePausedIsKeptForResumeAndRepeatsAreIgnored() {
    Execution e = start(approval("ok"), action("after"));
    ApprovalResolved approved = outcome(e, ApprovalOutcome.APPROVED);
    e.pause("alice", NOW);

    e.approvalResolved(approved, NOW);
    e.approvalResolved(outcome(e, ApprovalOutcome.REJECTED), NOW);
    assertThat(e.status).isEqualTo(ExecutionStatus.PAUSED);

    e.resume("alice", NOW);
    assertThat(e.status).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(e.completedSteps).containsExactly("ok");
    e.approvalResolved(approved, NOW);
    assertThat(e.completedSteps).containsExactly("ok");
  }

  @Test
  void aFailingStepIsRetriedUntilItsAttemptsAreUsedUp() {
    PilotStep flaky =
        new PilotStep(
            "f",
            "f",
            StepType.ACTION,
            new PilotStep.Action("fail", Map.of()),
            new PilotStep.Retry(2, "PT1S"),
            null);
    Execution e = start(flaky);
    e.claimed("me", UUID.randomUUID(), NOW.plusSeconds(30), NOW);

    e.attemptFailed("boom", NOW);
    assertThat(e.status).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(e.leaseToken).isNull();
    assertThat(e.runAt).isEqualTo(NOW.plusSeconds(1));

    e.claimed("me", UUID.randomUUID(), NOW.plusSeconds(30), NOW);
    e.attemptFailed("boom", NOW);
    assertThat(e.status).isEqualTo(ExecutionStatus.FAILED);
    assertThat(e.finishedSteps.get(0).attempts()).isEqualTo(2);
  }

  @Test
  void aFinishedRunRefusesEveryCommand() {
    Execution e = start(action("a"));
    e.cancel("alice", NOW);

    assertThatThrownBy(() -> e.resume("alice", NOW)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> e.pause("alice", NOW)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> e.cancel("alice", NOW)).isInstanceOf(ConflictException.class);
  }
}
