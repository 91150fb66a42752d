package dev.pilot.execution.execution.model;

import dev.pilot.contracts.execution.ExecutionEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What one change of an execution caused, for the repository to commit with its new state: the
 * events (in {@code sequence} order), the steps it finished, and whether the run became claimable
 * at once (then workers on every instance are woken).
 */
public record Transition(
    List<ExecutionEvent> events, List<StepRecord> finishedSteps, boolean becameRunnable) {

  public Transition {
    events = List.copyOf(events);
    finishedSteps = List.copyOf(finishedSteps);
  }

  /** Collects what a change causes while the aggregate makes it. */
  static final class Recorder {
    private final List<ExecutionEvent> events = new ArrayList<>();
    private final List<StepRecord> finishedSteps = new ArrayList<>();
    private boolean becameRunnable;

    void event(ExecutionEvent event) {
      events.add(event);
    }

    void finished(StepRecord step) {
      finishedSteps.add(step);
    }

    void runnable(boolean runnable) {
      becameRunnable = runnable;
    }

    Transition done() {
      return new Transition(events, finishedSteps, becameRunnable);
    }
  }
}
