package dev.pilot.execution.execution;

import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.FailureReason;
import dev.pilot.contracts.StepStatus;
import dev.pilot.contracts.StepType;
import dev.pilot.contracts.Trigger;
import dev.pilot.execution.agent.PilotStep;
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

  /** Progress: the current step, the completed ones, and what the dashboard shows beside them. */
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
      boolean pauseRequested) {}

  record StepView(
      String stepId,
      String title,
      StepType type,
      StepStatus status,
      Instant startedAt,
      Instant finishedAt,
      int attempts,
      String error) {}

  static ExecutionView summary(Execution e) {
    return of(e, null);
  }

  static ExecutionView detail(Execution e, List<StepRecord> history) {
    return of(e, timeline(e, history));
  }

  private static ExecutionView of(Execution e, List<StepView> steps) {
    boolean done = e.status == ExecutionStatus.COMPLETED;
    PilotStep current = done ? null : e.currentStep();
    State state =
        new State(
            current == null ? null : current.id(),
            current == null ? null : current.title(),
            List.copyOf(e.completedSteps),
            current == null ? e.steps.size() : e.nextStepIndex + 1,
            e.steps.size(),
            e.attempt,
            e.lastError,
            e.approvalId,
            e.approvalExpiresAt,
            e.pauseRequestedBy != null);
    return new ExecutionView(
        e.id,
        e.agentId,
        e.agentName,
        e.owner,
        e.mode,
        e.trigger,
        e.status,
        state,
        steps,
        e.failureReason,
        e.failureStepId,
        e.failureError,
        e.createdAt,
        e.finishedAt,
        e.finishedAt == null ? null : Duration.between(e.createdAt, e.finishedAt).toMillis());
  }

  private static List<StepView> timeline(Execution e, List<StepRecord> history) {
    Map<Integer, StepRecord> finished =
        history.stream().collect(Collectors.toMap(StepRecord::stepIndex, Function.identity()));
    List<StepView> views = new ArrayList<>();
    for (int i = 0; i < e.steps.size(); i++) {
      PilotStep step = e.steps.get(i);
      StepRecord record = finished.get(i);
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
                record.error()));
      } else {
        views.add(
            new StepView(
                step.id(),
                step.title(),
                step.type(),
                unfinishedStatus(e, i),
                i == e.nextStepIndex ? e.stepStartedAt : null,
                null,
                i == e.nextStepIndex ? e.attempt : 0,
                i == e.nextStepIndex ? e.lastError : null));
      }
    }
    return views;
  }

  private static StepStatus unfinishedStatus(Execution e, int index) {
    if (index != e.nextStepIndex) {
      return e.status.active() || index > e.nextStepIndex
          ? pendingOrSkipped(e)
          : StepStatus.SKIPPED;
    }
    if (e.approvalId != null && e.status.active()) {
      return StepStatus.WAITING_APPROVAL;
    }
    if (e.status == ExecutionStatus.RUNNING && e.leaseToken != null && e.attempt > 0) {
      return StepStatus.RUNNING;
    }
    return e.status.active() ? StepStatus.PENDING : StepStatus.SKIPPED;
  }

  private static StepStatus pendingOrSkipped(Execution e) {
    return e.status.active() ? StepStatus.PENDING : StepStatus.SKIPPED;
  }
}
