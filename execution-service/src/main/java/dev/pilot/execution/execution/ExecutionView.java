package dev.pilot.execution.execution;

import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.FailureReason;
import dev.pilot.contracts.StepStatus;
import dev.pilot.contracts.StepType;
import dev.pilot.contracts.Trigger;
import dev.pilot.execution.agent.PilotStep;
import dev.pilot.execution.execution.model.AwaitedApproval;
import dev.pilot.execution.execution.model.Execution;
import dev.pilot.execution.execution.model.ExecutionStatus;
import dev.pilot.execution.execution.model.Failure;
import dev.pilot.execution.execution.model.Progress;
import dev.pilot.execution.execution.model.RunPlan;
import dev.pilot.execution.execution.model.StepRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** An execution as the API shows it; {@code steps} (the timeline) only on the single read. */
record ExecutionView(
    UUID executionId,
    UUID agentId,
    String agentName,
    String owner,
    ExecutionMode mode,
    Trigger trigger,
    ExecutionStatus status,
    State executionState,
    List<StepView> steps,
    FailureReason failureReason,
    String failureStepId,
    String error,
    Instant createdAt,
    Instant finishedAt,
    Long durationMs) {

  /**
   * Progress: the current step, the completed ones, and what the dashboard shows beside them.
   * {@code waitingUntil}: while the current step waits on its durable timer (a delay), when it
   * fires; the step is {@code running} meanwhile.
   */
  record State(
      String currentStep,
      String currentStepTitle,
      List<String> completedSteps,
      int stepOrder,
      int totalSteps,
      int attempt,
      String lastError,
      UUID approvalId,
      Instant approvalExpiresAt,
      boolean pauseRequested,
      Instant waitingUntil) {}

  record StepView(
      String stepId,
      String title,
      StepType type,
      StepStatus status,
      Instant startedAt,
      Instant finishedAt,
      int attempts,
      String error,
      Object output) {}

  static ExecutionView summary(Execution e) {
    return of(e, null);
  }

  /** With the timeline; {@code outputs} are the finished steps' outputs by step id. */
  static ExecutionView detail(Execution e, List<StepRecord> history, Map<String, Object> outputs) {
    return of(e, timeline(e, history, outputs));
  }

  private static ExecutionView of(Execution e, List<StepView> steps) {
    RunPlan plan = e.plan();
    Progress progress = e.progress();
    AwaitedApproval awaited = e.awaitedApproval();
    Failure failure = e.failure();
    boolean done = progress.status() == ExecutionStatus.COMPLETED;
    PilotStep current = done ? null : e.currentStep();
    State state =
        new State(
            current == null ? null : current.id(),
            current == null ? null : current.title(),
            progress.completedSteps(),
            current == null ? plan.steps().size() : progress.nextStepIndex() + 1,
            plan.steps().size(),
            progress.attempt(),
            progress.lastError(),
            awaited == null ? null : awaited.approvalId(),
            awaited == null ? null : awaited.expiresAt(),
            progress.pauseRequestedBy() != null,
            progress.waitingUntil());
    return new ExecutionView(
        plan.id(),
        plan.agentId(),
        plan.agentName(),
        plan.owner(),
        plan.mode(),
        plan.trigger(),
        progress.status(),
        state,
        steps,
        failure == null ? null : failure.reason(),
        failure == null ? null : failure.stepId(),
        failure == null ? null : failure.error(),
        plan.createdAt(),
        progress.finishedAt(),
        progress.finishedAt() == null
            ? null
            : Duration.between(plan.createdAt(), progress.finishedAt()).toMillis());
  }

  private static List<StepView> timeline(
      Execution e, List<StepRecord> history, Map<String, Object> outputs) {
    Map<Integer, StepRecord> finished =
        history.stream().collect(Collectors.toMap(StepRecord::stepIndex, Function.identity()));
    Progress progress = e.progress();
    List<PilotStep> planned = e.plan().steps();
    List<StepView> views = new ArrayList<>();
    for (int i = 0; i < planned.size(); i++) {
      PilotStep step = planned.get(i);
      StepRecord record = finished.get(i);
      boolean current = i == progress.nextStepIndex();
      if (record != null) {
        views.add(
            new StepView(
                step.id(),
                step.title(),
                step.type(),
                record.status(),
                record.startedAt(),
                record.finishedAt(),
                record.attempts(),
                record.error(),
                outputs.get(step.id())));
      } else {
        views.add(
            new StepView(
                step.id(),
                step.title(),
                step.type(),
                unfinishedStatus(e, i),
                current ? progress.stepStartedAt() : null,
                null,
                current ? progress.attempt() : 0,
                current ? progress.lastError() : null,
                null));
      }
    }
    return views;
  }

  private static StepStatus unfinishedStatus(Execution e, int index) {
    ExecutionStatus status = e.status();
    if (index != e.progress().nextStepIndex()) {
      return status.active() ? StepStatus.PENDING : StepStatus.SKIPPED;
    }
    if (e.awaitedApproval() != null && status.active()) {
      return StepStatus.WAITING_APPROVAL;
    }
    if (status == ExecutionStatus.RUNNING
        && (e.timerSet() || (e.queue().leased() && e.attempt() > 0))) {
      return StepStatus.RUNNING;
    }
    return status.active() ? StepStatus.PENDING : StepStatus.SKIPPED;
  }
}
