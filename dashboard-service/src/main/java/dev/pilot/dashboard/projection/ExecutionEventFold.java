package dev.pilot.dashboard.projection;

import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.contracts.execution.ExecutionCancelled;
import dev.pilot.contracts.execution.ExecutionCompleted;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.ExecutionFailed;
import dev.pilot.contracts.execution.ExecutionPaused;
import dev.pilot.contracts.execution.ExecutionResumed;
import dev.pilot.contracts.execution.ExecutionStarted;
import dev.pilot.contracts.execution.StepCompleted;
import dev.pilot.contracts.execution.StepStarted;

/** Which transition of {@link ExecutionState} each execution event type is: one per type. */
final class ExecutionEventFold {

  private static final SealedFold<ExecutionState, ExecutionEvent> FOLD =
      SealedFold.over(ExecutionEvent.class, ExecutionState.class)
          .on(ExecutionStarted.class, ExecutionState::started)
          .on(StepStarted.class, ExecutionState::stepStarted)
          .on(StepCompleted.class, ExecutionState::stepCompleted)
          .on(ApprovalRequested.class, ExecutionState::approvalRequested)
          .on(ExecutionPaused.class, ExecutionState::paused)
          .on(ExecutionResumed.class, ExecutionState::resumed)
          .on(ExecutionCompleted.class, ExecutionState::completed)
          .on(ExecutionFailed.class, ExecutionState::failed)
          .on(ExecutionCancelled.class, ExecutionState::cancelled)
          .exhaustive();

  private ExecutionEventFold() {}

  static ExecutionState apply(ExecutionState state, ExecutionEvent event) {
    return FOLD.apply(state, event);
  }
}
