package dev.pilot.execution.execution.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.FailureReason;
import dev.pilot.contracts.StepStatus;
import dev.pilot.contracts.StepType;
import dev.pilot.contracts.Trigger;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.contracts.execution.ApprovalContext;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.ExecutionFailed;
import dev.pilot.contracts.execution.StepStarted;
import dev.pilot.execution.agent.Agent;
import dev.pilot.execution.agent.PilotStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The state machine alone: no Spring, no database, no broker. Every transition, every refusal. */
class ExecutionTest {

  static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
  static final Instant LATER = NOW.plusSeconds(5);
  static final Instant LEASE_END = NOW.plusSeconds(30);
  static final UUID TOKEN = UUID.randomUUID();

  final List<ExecutionEvent> published = new ArrayList<>();

  static PilotStep action(String id) {
    return new PilotStep(
        id, id, StepType.ACTION, new PilotStep.Action("log", Map.of()), null, null);
  }

  static PilotStep retried(String id, int attempts, String backoff) {
    return new PilotStep(
        id,
        id,
        StepType.ACTION,
        new PilotStep.Action("fail", Map.of()),
        new PilotStep.Retry(attempts, backoff),
        null);
  }

  static PilotStep approval(String id) {
    return new PilotStep(
        id,
        id,
        StepType.APPROVAL,
        null,
        null,
        new PilotStep.Approval(List.of("bob", "carol"), ApprovalType.ANY, "PT1H", "why", true));
  }

  Execution start(PilotStep... steps) {
    Agent agent =
        new Agent(
            UUID.randomUUID(),
            "alice",
            "agent",
            "does things",
            ExecutionMode.MANUAL,
            null,
            "UTC",
            List.of(steps),
            null,
            NOW,
            NOW);
    Execution.Started started = Execution.start(agent, Trigger.MANUAL, NOW);
    published.addAll(started.transition().events());
    return started.execution();
  }

  /** A run whose worker holds the lease and has begun the first attempt of its first step. */
  Execution claimed(PilotStep... steps) {
    Execution e = start(steps);
    record(e.claimed("worker", TOKEN, LEASE_END, NOW));
    return e;
  }

  Transition record(Transition transition) {
    published.addAll(transition.events());
    return transition;
  }

  static List<String> types(Transition transition) {
    return transition.events().stream().map(ExecutionEvent::eventType).toList();
  }

  static ApprovalResolved resolution(Execution e, ApprovalOutcome outcome) {
    return resolution(e.awaitedApproval().approvalId(), e, outcome);
  }

  static ApprovalResolved resolution(UUID approvalId, Execution e, ApprovalOutcome outcome) {
    return new ApprovalResolved(
        UUID.randomUUID(), NOW, e.id(), 1, approvalId, "ok", outcome, 1, 2, 3, List.of());
  }

  /**
   * The run as a row stored before pauses took effect at once may read: a pause of {@code alice}
   * requested while its worker was mid-step.
   */
  static Execution withStoredPauseRequest(Execution e) {
    Progress p = e.progress();
    return Execution.restore(
        e.plan(),
        new Progress(
            p.status(),
            p.nextStepIndex(),
            p.completedSteps(),
            p.attempt(),
            p.failures(),
            p.stepStartedAt(),
            p.lastError(),
            p.eventSequence(),
            "alice",
            p.finishedAt(),
            p.waitingUntil()),
        e.queue(),
        e.awaitedApproval(),
        e.failure());
  }

  /** Asserts the command is refused and leaves the run exactly as it was. */
  static void assertRefused(Execution e, Consumer<Execution> command, String message) {
    Progress before = e.progress();
    QueueEntry queue = e.queue();
    AwaitedApproval awaited = e.awaitedApproval();
    assertThatThrownBy(() -> command.accept(e))
        .isInstanceOf(TransitionRefused.class)
        .hasMessage(message);
    assertThat(e.progress()).isEqualTo(before);
    assertThat(e.queue()).isEqualTo(queue);
    assertThat(e.awaitedApproval()).isEqualTo(awaited);
  }

  @Nested
  class Starting {

    @Test
    void aRunStartingWithAnActionIsQueuedAtOnceAndWakesTheWorkers() {
      Agent agent =
          new Agent(
              UUID.randomUUID(),
              "alice",
              "agent",
              null,
              ExecutionMode.SCHEDULED,
              "* * * * * *",
              "UTC",
              List.of(action("a")),
              null,
              NOW,
              NOW);
      Execution.Started started = Execution.start(agent, Trigger.SCHEDULE, NOW);
      Execution e = started.execution();

      assertThat(types(started.transition())).containsExactly("ExecutionStarted");
      assertThat(started.transition().becameRunnable()).isTrue();
      assertThat(started.transition().events().get(0).sequence()).isEqualTo(1);
      assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
      assertThat(e.queue()).isEqualTo(QueueEntry.runnableAt(NOW));
      assertThat(e.currentStepId()).isEqualTo("a");
      assertThat(e.plan().trigger()).isEqualTo(Trigger.SCHEDULE);
      assertThat(e.plan().agentId()).isEqualTo(agent.id());
    }

    @Test
    void aRunStartingWithAnApprovalAsksForItAndIsNotQueued() {
      Execution e = start(approval("ok"), action("after"));

      assertThat(published)
          .extracting(ExecutionEvent::eventType)
          .containsExactly("ExecutionStarted", "ApprovalRequested");
      ApprovalRequested requested = (ApprovalRequested) published.get(1);
      assertThat(e.status()).isEqualTo(ExecutionStatus.WAITING_APPROVAL);
      assertThat(e.queue()).isEqualTo(QueueEntry.notQueued());
      assertThat(requested.approvalId()).isEqualTo(e.awaitedApproval().approvalId());
      assertThat(requested.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
      assertThat(e.awaitedApproval().expiresAt()).isEqualTo(requested.expiresAt());
      assertThat(requested.approvers()).containsExactly("bob", "carol");
      assertThat(requested.owner()).isEqualTo("alice");
      assertThat(requested.context().pilotSteps())
          .extracting(ApprovalContext.Step::status)
          .containsExactly(StepStatus.WAITING_APPROVAL, StepStatus.PENDING);
      assertThat(e.attempt()).isEqualTo(1);
    }

    @Test
    void approversOfEveryApprovalStepMayReadTheRunOnceEach() {
      Execution e = start(approval("one"), approval("two"));

      assertThat(e.plan().approvers()).containsExactly("bob", "carol");
    }
  }

  @Nested
  class Working {

    @Test
    void aClaimTakesTheLeaseAndStartsTheFirstAttempt() {
      Execution e = start(action("a"));
      Transition claim = e.claimed("worker", TOKEN, LEASE_END, NOW);

      assertThat(types(claim)).containsExactly("StepStarted");
      assertThat(((StepStarted) claim.events().get(0)).attempt()).isEqualTo(1);
      assertThat(e.queue()).isEqualTo(new QueueEntry(LEASE_END, "worker", TOKEN, LEASE_END));
      assertThat(e.heldBy(TOKEN)).isTrue();
      assertThat(e.heldBy(UUID.randomUUID())).isFalse();
      assertThat(e.heldBy(null)).isFalse();
    }

    @Test
    void extendingTheLeaseMovesItsEndAndTheQueuePositionOnly() {
      Execution e = claimed(action("a"));
      Progress before = e.progress();

      e.extendLease(LEASE_END.plusSeconds(30));

      assertThat(e.queue().leaseUntil()).isEqualTo(LEASE_END.plusSeconds(30));
      assertThat(e.queue().runAt()).isEqualTo(LEASE_END.plusSeconds(30));
      assertThat(e.progress()).isEqualTo(before);
    }

    @Test
    void aWorkerGoesFromActionToActionHoldingItsLeaseUntilTheEnd() {
      Execution e = claimed(action("a"), action("b"));

      Transition first = record(e.stepSucceeded(LATER));
      assertThat(types(first)).containsExactly("StepCompleted", "StepStarted");
      assertThat(first.becameRunnable()).isFalse();
      assertThat(first.finishedSteps())
          .containsExactly(new StepRecord(0, "a", StepStatus.COMPLETED, NOW, LATER, 1, null));
      assertThat(e.heldBy(TOKEN)).isTrue();

      Transition last = record(e.stepSucceeded(LATER));
      assertThat(types(last)).containsExactly("StepCompleted", "ExecutionCompleted");
      assertThat(e.status()).isEqualTo(ExecutionStatus.COMPLETED);
      assertThat(e.progress().finishedAt()).isEqualTo(LATER);
      assertThat(e.progress().completedSteps()).containsExactly("a", "b");
      assertThat(e.queue()).isEqualTo(QueueEntry.notQueued());
      assertThat(e.heldBy(TOKEN)).isFalse();
      assertThat(published.stream().map(ExecutionEvent::sequence))
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void aSucceededStepBeforeAnApprovalAsksForItAndGivesUpTheLease() {
      Execution e = claimed(action("a"), approval("ok"));

      Transition t = e.stepSucceeded(LATER);

      assertThat(types(t)).containsExactly("StepCompleted", "ApprovalRequested");
      assertThat(e.status()).isEqualTo(ExecutionStatus.WAITING_APPROVAL);
      assertThat(e.queue()).isEqualTo(QueueEntry.notQueued());
      assertThat(e.awaitedApproval().expiresAt()).isEqualTo(LATER.plus(Duration.ofHours(1)));
    }

    @Test
    void aFailedAttemptWithTriesLeftWaitsItsBackOffWithoutALease() {
      Execution e = claimed(retried("f", 3, "PT1S"));

      Transition t = e.attemptFailed("boom", LATER);

      assertThat(t.events()).isEmpty();
      assertThat(t.becameRunnable()).isFalse();
      assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
      assertThat(e.queue()).isEqualTo(QueueEntry.runnableAt(LATER.plusSeconds(1)));
      assertThat(e.progress().failures()).isEqualTo(1);
      assertThat(e.progress().lastError()).isEqualTo("boom");
    }

    @Test
    void aFailedAttemptWithoutBackOffIsRunnableAtOnce() {
      Execution e = claimed(retried("f", 2, null));

      Transition t = e.attemptFailed("boom", LATER);

      assertThat(t.becameRunnable()).isTrue();
      assertThat(e.queue()).isEqualTo(QueueEntry.runnableAt(LATER));
      record(e.claimed("worker", TOKEN, LEASE_END, LATER));
      assertThat(e.attempt()).isEqualTo(2);
    }

    @Test
    void aStepFailsTheRunWhenItsAttemptsAreUsedUp() {
      Execution e = claimed(retried("f", 2, "PT1S"), action("never"));
      e.attemptFailed("boom", NOW);
      e.claimed("worker", TOKEN, LEASE_END, NOW);

      Transition t = e.attemptFailed("boom again", LATER);

      assertThat(types(t)).containsExactly("ExecutionFailed");
      assertThat(t.finishedSteps())
          .containsExactly(new StepRecord(0, "f", StepStatus.FAILED, NOW, LATER, 2, "boom again"));
      assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(e.failure()).isEqualTo(new Failure(FailureReason.STEP_ERROR, "f", "boom again"));
      assertThat(((ExecutionFailed) t.events().get(0)).reason())
          .isEqualTo(FailureReason.STEP_ERROR);
      assertThat(e.queue()).isEqualTo(QueueEntry.notQueued());
    }

    @Test
    void aStepWithoutRetryFailsTheRunAtTheFirstFailure() {
      Execution e = claimed(action("a"));

      assertThat(types(e.attemptFailed("boom", LATER))).containsExactly("ExecutionFailed");
    }
  }

  @Nested
  class Pausing {

    @Test
    void aPauseMidStepTakesEffectAtOnceAndStopsTheWorker() {
      Execution e = claimed(action("a"), action("b"));

      Transition t = e.pause("alice", LATER);

      assertThat(types(t)).containsExactly("ExecutionPaused");
      assertThat(t.stopsWorker()).isTrue();
      assertThat(t.finishedSteps()).isEmpty();
      assertThat(e.status()).isEqualTo(ExecutionStatus.PAUSED);
      assertThat(e.currentStepId()).isEqualTo("a");
      assertThat(e.queue()).isEqualTo(QueueEntry.notQueued());
      assertThat(e.heldBy(TOKEN)).isFalse();
    }

    @Test
    void theInterruptedStepRunsAgainOnResume() {
      Execution e = claimed(action("a"));
      e.pause("alice", LATER);
      e.resume("alice", LATER);

      Transition claim = e.claimed("worker", TOKEN, LEASE_END, LATER);

      assertThat(types(claim)).containsExactly("StepStarted");
      assertThat(((StepStarted) claim.events().get(0)).stepId()).isEqualTo("a");
    }

    @Test
    void aPauseRequestedAtTheBoundaryBeforePausesTookEffectAtOnceStillTakesEffectThere() {
      Execution e = withStoredPauseRequest(claimed(action("a"), action("b")));

      Transition boundary = e.stepSucceeded(LATER);

      assertThat(types(boundary)).containsExactly("StepCompleted", "ExecutionPaused");
      assertThat(e.status()).isEqualTo(ExecutionStatus.PAUSED);
      assertThat(e.currentStepId()).isEqualTo("b");
      assertThat(e.progress().pauseRequestedBy()).isNull();
    }

    @Test
    void aQueuedRunPausesAtOnce() {
      Execution e = start(action("a"));

      assertThat(types(e.pause("alice", NOW))).containsExactly("ExecutionPaused");
      assertThat(e.status()).isEqualTo(ExecutionStatus.PAUSED);
      assertThat(e.queue()).isEqualTo(QueueEntry.notQueued());
    }

    @Test
    void aRunWhoseLeaseExpiredPausesAtOnce() {
      Execution e = claimed(action("a"));

      assertThat(types(e.pause("alice", LEASE_END))).containsExactly("ExecutionPaused");
    }

    @Test
    void aRunWaitingForApprovalPausesAtOnceAndKeepsItsApproval() {
      Execution e = start(approval("ok"));
      UUID approvalId = e.awaitedApproval().approvalId();

      assertThat(types(e.pause("alice", NOW))).containsExactly("ExecutionPaused");
      assertThat(e.status()).isEqualTo(ExecutionStatus.PAUSED);
      assertThat(e.awaitedApproval().approvalId()).isEqualTo(approvalId);
    }

    @Test
    void aPausedRunRefusesAnotherPause() {
      Execution e = start(action("a"));
      e.pause("alice", NOW);

      assertRefused(e, run -> run.pause("alice", NOW), "A paused execution cannot be paused");
    }
  }

  @Nested
  class Resuming {

    @Test
    void resumingAPausedActionQueuesItAtOnce() {
      Execution e = start(action("a"));
      e.pause("alice", NOW);

      Transition t = e.resume("alice", LATER);

      assertThat(types(t)).containsExactly("ExecutionResumed");
      assertThat(t.becameRunnable()).isTrue();
      assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
      assertThat(e.queue()).isEqualTo(QueueEntry.runnableAt(LATER));
    }

    @Test
    void resumingBeforeAStoredPauseRequestTookEffectWithdrawsIt() {
      Execution e = withStoredPauseRequest(claimed(action("a"), action("b")));

      assertThat(e.resume("alice", NOW).events()).isEmpty();
      assertThat(e.progress().pauseRequestedBy()).isNull();
      assertThat(types(e.stepSucceeded(LATER))).containsExactly("StepCompleted", "StepStarted");
    }

    @Test
    void resumingWithoutAnOutcomeWaitsForTheApprovalAgain() {
      Execution e = start(approval("ok"));
      e.pause("alice", NOW);

      assertThat(types(e.resume("alice", NOW))).containsExactly("ExecutionResumed");
      assertThat(e.status()).isEqualTo(ExecutionStatus.WAITING_APPROVAL);
      assertThat(e.queue()).isEqualTo(QueueEntry.notQueued());
    }

    @Test
    void anOutcomeWhilePausedIsKeptForResumeAndRepeatsAreIgnored() {
      Execution e = start(approval("ok"), action("after"));
      ApprovalResolved approved = resolution(e, ApprovalOutcome.APPROVED);
      e.pause("alice", NOW);

      assertThat(e.approvalResolved(approved, NOW).events()).isEmpty();
      e.approvalResolved(resolution(e, ApprovalOutcome.REJECTED), NOW);
      assertThat(e.status()).isEqualTo(ExecutionStatus.PAUSED);
      assertThat(e.awaitedApproval().pending()).isEqualTo(approved);

      Transition t = e.resume("alice", NOW);
      assertThat(types(t)).containsExactly("ExecutionResumed", "StepCompleted");
      assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
      assertThat(e.progress().completedSteps()).containsExactly("ok");
      assertThat(e.awaitedApproval()).isNull();
      assertThat(e.approvalResolved(approved, NOW).events()).isEmpty();
      assertThat(e.progress().completedSteps()).containsExactly("ok");
    }

    @Test
    void aRejectionKeptWhilePausedFailsTheRunOnResume() {
      Execution e = start(approval("ok"), action("after"));
      e.pause("alice", NOW);
      e.approvalResolved(resolution(e, ApprovalOutcome.REJECTED), NOW);

      assertThat(types(e.resume("alice", NOW)))
          .containsExactly("ExecutionResumed", "ExecutionFailed");
      assertThat(e.failure().reason()).isEqualTo(FailureReason.REJECTED);
    }

    @Test
    void aRunningRunRefusesToResume() {
      Execution e = start(action("a"));

      assertRefused(e, run -> run.resume("alice", NOW), "A running execution cannot be resumed");
    }

    @Test
    void aRunWaitingForApprovalRefusesToResume() {
      Execution e = start(approval("ok"));

      assertRefused(
          e, run -> run.resume("alice", NOW), "A waiting_approval execution cannot be resumed");
    }
  }

  @Nested
  class Delaying {

    static final Instant WAKE = NOW.plus(Duration.ofHours(2));

    /** A claimed run whose delay step {@code wait} has set its timer for {@link #WAKE}. */
    Execution delaying() {
      Execution e = claimed(action("wait"), action("b"));
      record(e.waitUntil(WAKE, LATER));
      return e;
    }

    @Test
    void aDelaySetsADurableTimerAndLetsGoOfItsWorker() {
      Execution e = claimed(action("wait"), action("b"));

      Transition t = e.waitUntil(WAKE, LATER);

      assertThat(t.events()).isEmpty();
      assertThat(t.finishedSteps()).isEmpty();
      assertThat(t.becameRunnable()).isFalse();
      assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
      assertThat(e.timerSet()).isTrue();
      assertThat(e.progress().waitingUntil()).isEqualTo(WAKE);
      assertThat(e.queue()).isEqualTo(QueueEntry.runnableAt(WAKE));
      assertThat(e.heldBy(TOKEN)).isFalse();
    }

    @Test
    void theWorkerClaimingAFiredTimerCompletesTheStepWithoutANewAttempt() {
      Execution e = delaying();

      Transition claim = e.claimed("worker", TOKEN, WAKE.plusSeconds(30), WAKE);
      assertThat(claim.events()).isEmpty();
      assertThat(e.attempt()).isEqualTo(1);

      Transition done = e.stepSucceeded(WAKE);
      assertThat(types(done)).containsExactly("StepCompleted", "StepStarted");
      assertThat(done.finishedSteps())
          .containsExactly(new StepRecord(0, "wait", StepStatus.COMPLETED, NOW, WAKE, 1, null));
      assertThat(e.timerSet()).isFalse();
      assertThat(e.currentStepId()).isEqualTo("b");
      assertThat(e.heldBy(TOKEN)).isTrue();
    }

    @Test
    void cancellingADelayingRunTakesEffectAtOnceWithNoWorkerToStop() {
      Execution e = delaying();

      Transition t = e.cancel("alice", LATER);

      assertThat(types(t)).containsExactly("ExecutionCancelled");
      assertThat(t.stopsWorker()).isFalse();
      assertThat(e.queue()).isEqualTo(QueueEntry.notQueued());
      assertThat(e.timerSet()).isFalse();
    }

    @Test
    void aPausedDelayKeepsItsTimeWhenResumedBeforeIt() {
      Execution e = delaying();

      Transition pause = e.pause("alice", LATER);
      assertThat(types(pause)).containsExactly("ExecutionPaused");
      assertThat(pause.stopsWorker()).isFalse();
      assertThat(e.queue()).isEqualTo(QueueEntry.notQueued());

      Transition resume = e.resume("alice", LATER.plusSeconds(60));
      assertThat(types(resume)).containsExactly("ExecutionResumed");
      assertThat(resume.becameRunnable()).isFalse();
      assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
      assertThat(e.queue()).isEqualTo(QueueEntry.runnableAt(WAKE));
      assertThat(e.timerSet()).isTrue();
    }

    @Test
    void aDelayResumedAfterItsTimeIsDueAtOnce() {
      Execution e = delaying();
      e.pause("alice", LATER);
      Instant resumed = WAKE.plusSeconds(10);

      Transition resume = e.resume("alice", resumed);

      assertThat(resume.becameRunnable()).isTrue();
      assertThat(e.queue()).isEqualTo(QueueEntry.runnableAt(resumed));
      assertThat(e.claimed("worker", TOKEN, resumed.plusSeconds(30), resumed).events()).isEmpty();
      assertThat(types(e.stepSucceeded(resumed))).containsExactly("StepCompleted", "StepStarted");
    }
  }

  @Nested
  class Cancelling {

    @Test
    void aRunningRunIsCancelledAtItsCurrentStepStoppingItsWorker() {
      Execution e = claimed(action("a"), action("b"));

      Transition t = e.cancel("alice", LATER);

      assertThat(types(t)).containsExactly("ExecutionCancelled");
      assertThat(t.stopsWorker()).isTrue();
      assertThat(e.status()).isEqualTo(ExecutionStatus.CANCELLED);
      assertThat(e.progress().finishedAt()).isEqualTo(LATER);
      assertThat(e.queue()).isEqualTo(QueueEntry.notQueued());
      assertThat(e.heldBy(TOKEN)).isFalse();
    }

    @Test
    void aRunWaitingForApprovalOrPausedCanBeCancelled() {
      Execution waiting = start(approval("ok"));
      Execution paused = start(action("a"));
      paused.pause("alice", NOW);

      assertThat(types(waiting.cancel("alice", NOW))).containsExactly("ExecutionCancelled");
      Transition t = paused.cancel("alice", NOW);
      assertThat(types(t)).containsExactly("ExecutionCancelled");
      assertThat(t.stopsWorker()).isFalse();
    }

    @Test
    void aRunWhoseLeaseExpiredHasNoWorkerToStop() {
      Execution e = claimed(action("a"));

      assertThat(e.cancel("alice", LEASE_END).stopsWorker()).isFalse();
    }

    @Test
    void aFinishedRunRefusesEveryCommand() {
      Execution e = start(action("a"));
      e.cancel("alice", NOW);

      assertRefused(e, run -> run.resume("alice", NOW), "A cancelled execution cannot be resumed");
      assertRefused(e, run -> run.pause("alice", NOW), "A cancelled execution cannot be paused");
      assertRefused(
          e, run -> run.cancel("alice", NOW), "A cancelled execution cannot be cancelled");
    }

    @Test
    void completedAndFailedRunsRefuseToBePausedOrCancelled() {
      Execution completed = claimed(action("a"));
      completed.stepSucceeded(NOW);
      Execution failed = claimed(action("a"));
      failed.attemptFailed("boom", NOW);

      assertRefused(
          completed, run -> run.pause("alice", NOW), "A completed execution cannot be paused");
      assertRefused(
          completed, run -> run.cancel("alice", NOW), "A completed execution cannot be cancelled");
      assertRefused(failed, run -> run.pause("alice", NOW), "A failed execution cannot be paused");
      assertRefused(
          failed, run -> run.resume("alice", NOW), "A failed execution cannot be resumed");
    }
  }

  @Nested
  class ApprovalOutcomes {

    @Test
    void anApprovalCompletesTheStepAndQueuesTheNextAction() {
      Execution e = start(approval("ok"), action("after"));

      Transition t = e.approvalResolved(resolution(e, ApprovalOutcome.APPROVED), LATER);

      assertThat(types(t)).containsExactly("StepCompleted");
      assertThat(t.becameRunnable()).isTrue();
      assertThat(t.finishedSteps())
          .containsExactly(new StepRecord(0, "ok", StepStatus.COMPLETED, NOW, LATER, 1, null));
      assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
      assertThat(e.awaitedApproval()).isNull();
    }

    @Test
    void anApprovedRunQueuesAsOfWhenItBeganToWaitAheadOfRunsThatBecameRunnableMeanwhile() {
      Execution e = start(approval("ok"), action("after"));

      e.approvalResolved(resolution(e, ApprovalOutcome.APPROVED), LATER);

      // asked at NOW, approved at LATER: runs queued between the two are claimed after it
      assertThat(e.queue()).isEqualTo(QueueEntry.runnableAt(NOW));
    }

    @Test
    void anApprovalOfTheLastStepCompletesTheRun() {
      Execution e = start(approval("ok"));

      assertThat(types(e.approvalResolved(resolution(e, ApprovalOutcome.APPROVED), LATER)))
          .containsExactly("StepCompleted", "ExecutionCompleted");
      assertThat(e.status()).isEqualTo(ExecutionStatus.COMPLETED);
    }

    @Test
    void aRejectionFailsTheRunSayingHowManyRejected() {
      Execution e = start(approval("ok"), action("after"));

      Transition t = e.approvalResolved(resolution(e, ApprovalOutcome.REJECTED), LATER);

      assertThat(types(t)).containsExactly("ExecutionFailed");
      assertThat(e.failure())
          .isEqualTo(
              new Failure(FailureReason.REJECTED, "ok", "rejected (2 of 3 approvers rejected)"));
    }

    @Test
    void anExpiredApprovalFailsTheRunWithATimeout() {
      Execution e = start(approval("ok"));

      e.approvalResolved(resolution(e, ApprovalOutcome.TIMEOUT), LATER);

      assertThat(e.failure().reason()).isEqualTo(FailureReason.TIMEOUT);
      assertThat(e.failure().error()).isEqualTo("no decision before the approval expired");
    }

    @Test
    void aCancelledApprovalChangesNothing() {
      Execution e = start(approval("ok"));
      Progress before = e.progress();

      assertThat(e.approvalResolved(resolution(e, ApprovalOutcome.CANCELLED), LATER).events())
          .isEmpty();
      assertThat(e.progress()).isEqualTo(before);
    }

    @Test
    void anOutcomeOfAnotherApprovalChangesNothing() {
      Execution e = start(approval("ok"));
      Progress before = e.progress();

      Transition t =
          e.approvalResolved(resolution(UUID.randomUUID(), e, ApprovalOutcome.APPROVED), LATER);

      assertThat(t.events()).isEmpty();
      assertThat(e.progress()).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(
        value = ApprovalOutcome.class,
        names = {"APPROVED", "REJECTED", "TIMEOUT"})
    void anOutcomeForAFinishedRunChangesNothing(ApprovalOutcome outcome) {
      Execution e = start(approval("ok"));
      ApprovalResolved late = resolution(e, outcome);
      e.cancel("alice", NOW);
      Progress before = e.progress();

      assertThat(e.approvalResolved(late, LATER).events()).isEmpty();
      assertThat(e.progress()).isEqualTo(before);
    }
  }

  @Test
  void aRestoredRunContinuesItsEventSequence() {
    Execution e = claimed(action("a"), action("b"));
    Execution restored =
        Execution.restore(e.plan(), e.progress(), e.queue(), e.awaitedApproval(), e.failure());

    Transition t = restored.stepSucceeded(LATER);

    assertThat(t.events()).extracting(ExecutionEvent::sequence).containsExactly(3L, 4L);
  }
}
