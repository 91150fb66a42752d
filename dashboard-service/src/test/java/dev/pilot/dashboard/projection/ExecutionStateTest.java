package dev.pilot.dashboard.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.FailureReason;
import dev.pilot.contracts.PilotEvent;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.ExecutionStarted;
import dev.pilot.dashboard.ExecutionScenario;
import dev.pilot.dashboard.running.RunStatus;
import dev.pilot.dashboard.running.RunningExecution;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fold of a run's events into its card: every event type, pure (no Spring, no database). */
class ExecutionStateTest {

  private final ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
  private final List<PilotEvent> events = new ArrayList<>();

  private Folded after(PilotEvent... more) {
    events.addAll(List.of(more));
    return Folded.of(run.executionId, events);
  }

  @Test
  void aStartedRunShowsItsAgentAndFirstStep() {
    RunningExecution card = after(run.started()).card();

    assertThat(card.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(card.agentName()).isEqualTo("Invoice triage");
    assertThat(card.owner()).isEqualTo("alice");
    assertThat(card.totalSteps()).isEqualTo(5);
    assertThat(card.stepOrder()).isEqualTo(1);
    assertThat(card.stepTitle()).isEqualTo("Action 1");
    assertThat(card.progressPercentage()).isZero();
    assertThat(card.createdAt()).isNotNull();
  }

  @Test
  void aStartedStepIsTheCurrentOne() {
    RunningExecution card = after(run.started(), run.stepStarted(0)).card();

    assertThat(card.currentStep()).isEqualTo("step-1");
    assertThat(card.stepTitle()).isEqualTo("Action 1");
  }

  @Test
  void aCompletedStepCountsTowardsProgressAndNamesTheNextStep() {
    RunningExecution card =
        after(run.started(), run.stepStarted(0), run.stepCompleted(0), run.stepStarted(1)).card();

    assertThat(card.stepOrder()).isEqualTo(2);
    assertThat(card.progressPercentage()).isEqualTo(20);
    assertThat(card.completedSteps()).containsExactly("step-1");
    assertThat(after(run.stepCompleted(1)).card().stepTitle()).isEqualTo("Manager sign-off");
  }

  @Test
  void anApprovalRequestMakesTheCardPendingForOwnerAndApprovers() {
    after(run.started(), run.stepCompleted(0), run.stepCompleted(1));

    Folded folded = after(run.approvalRequested(2, ApprovalType.ALL, "bob", "carol"));

    RunningExecution card = folded.card();
    assertThat(card.status()).isEqualTo(RunStatus.WAITING_APPROVAL);
    assertThat(card.hasPendingApproval()).isTrue();
    assertThat(card.approvalId()).isEqualTo(run.approvalId());
    assertThat(card.approvalType()).isEqualTo(ApprovalType.ALL);
    assertThat(card.tally()).isEqualTo(new RunningExecution.Tally(0, 0, 2, List.of()));
    assertThat(folded.viewers()).containsExactly("alice", "bob", "carol");
  }

  @Test
  void answersUpdateTheTallyAndAResolutionEndsThePendingApproval() {
    after(run.started(), run.approvalRequested(2, ApprovalType.ALL, "bob", "carol"));

    Folded answered = after(run.responded("bob", Decision.APPROVE));
    assertThat(answered.card().tally().approvals()).isEqualTo(1);
    assertThat(answered.card().tally().responders()).containsExactly("bob");
    assertThat(answered.card().hasPendingApproval()).isTrue();

    Folded resolved =
        after(
            run.responded("carol", Decision.APPROVE), run.resolved(ApprovalOutcome.APPROVED, "x"));
    assertThat(resolved.card().hasPendingApproval()).isFalse();
    assertThat(resolved.card().status()).isEqualTo(RunStatus.WAITING_APPROVAL);
    assertThat(resolved.viewers()).containsExactly("alice");
  }

  @Test
  void aPausedRunShowsTheStepItWillResumeAt() {
    RunningExecution card = after(run.started(), run.stepCompleted(0), run.paused("step-2")).card();

    assertThat(card.status()).isEqualTo(RunStatus.PAUSED);
    assertThat(card.currentStep()).isEqualTo("step-2");
    assertThat(card.stepTitle()).isEqualTo("Action 2");
  }

  @Test
  void aRunResumedAtItsApprovalStepWaitsForItAgain() {
    after(
        run.started(),
        run.approvalRequested(2, ApprovalType.ANY, "bob"),
        run.paused("step-3"),
        run.resumed());

    assertThat(after().card().status()).isEqualTo(RunStatus.WAITING_APPROVAL);
    assertThat(after().card().hasPendingApproval()).isTrue();
  }

  @Test
  void aRunResumedElsewhereRunsAgain() {
    RunningExecution card =
        after(run.started(), run.stepCompleted(0), run.paused("step-2"), run.resumed()).card();

    assertThat(card.status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void aCompletedRunLeavesEveryonesListWithTheDurationItReported() {
    Folded done = after(run.started(), run.stepCompleted(0), run.completed());

    assertThat(done.card().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.card().durationMs()).isEqualTo(5_000L);
    assertThat(done.card().finishedAt()).isNotNull();
    assertThat(done.viewers()).isEmpty();
  }

  @Test
  void aFailedRunSaysWhyAndWhere() {
    RunningExecution card =
        after(run.started(), run.stepStarted(0), run.failed(FailureReason.STEP_ERROR, 0, "boom"))
            .card();

    assertThat(card.status()).isEqualTo(RunStatus.FAILED);
    assertThat(card.failureReason()).isEqualTo(FailureReason.STEP_ERROR);
    assertThat(card.failureError()).isEqualTo("boom");
    assertThat(card.stepTitle()).isEqualTo("Action 1");
    assertThat(card.durationMs()).isNotNull().isPositive();
  }

  @Test
  void aCancelledRunEnds() {
    Folded cancelled = after(run.started(), run.cancelled());

    assertThat(cancelled.card().status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(cancelled.viewers()).isEmpty();
  }

  @Test
  void aDuplicateChangesNothing() {
    ExecutionStarted started = run.started();
    ExecutionState once = ExecutionState.empty(run.executionId).apply(started);

    assertThat(once.apply(started)).isEqualTo(once);
  }

  @Test
  void anOlderEventOnlyFillsInWhatIsStillMissing() {
    ExecutionStarted started = run.started();
    ExecutionEvent later = run.stepStarted(0);
    ExecutionState state = ExecutionState.empty(run.executionId).apply(later);
    assertThat(Folded.of(run.executionId, List.of(later)).card().agentName())
        .isEqualTo("Unknown Agent");

    ExecutionState filled = state.apply(started);

    assertThat(filled.run().agent().agentName()).isEqualTo("Invoice triage");
    assertThat(filled.run().progress().currentStep()).isEqualTo("step-1");
    assertThat(filled.runStatus()).isEqualTo(RunStatus.RUNNING);
    assertThat(filled.lastSequenceExecution()).isEqualTo(later.sequence());
  }

  @Test
  void approvalEventsBeforeTheRequestAreKeptForIt() {
    ExecutionScenario other = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    PilotEvent requested = other.approvalRequested(2, ApprovalType.ANY, "bob");
    PilotEvent answered = other.responded("bob", Decision.REJECT);

    Folded folded = Folded.of(other.executionId, List.of(answered, other.started(), requested));

    assertThat(folded.card().tally().rejections()).isEqualTo(1);
    assertThat(folded.card().tally().responders()).containsExactly("bob");
  }

  @Test
  void aFoldMissingATransitionIsRefusedWhenBuilt() {
    assertThatThrownBy(
            () ->
                SealedFold.over(ExecutionEvent.class, ExecutionState.class)
                    .on(ExecutionStarted.class, ExecutionState::started)
                    .exhaustive())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("StepCompleted");
  }
}
