package dev.pilot.execution.execution.model;

import dev.pilot.contracts.execution.ExecutionEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What one change of an execution caused, for the repository to commit with its new state: the
 * events (in {@code sequence} order), the steps it finished, whether the run became claimable at
 * once (then workers on every instance are woken), and whether it took the run away from a worker
 * that is mid-step (a pause or cancel under a live lease: that worker, on whichever instance, is
 * told to stop and its attempt is dropped).
 */
public record Transition(
    List<ExecutionEvent> events,
    List<StepRecord> finishedSteps,
    boolean becameRunnable,
    boolean stopsWorker) {

  public Transition {
    events = List.copyOf(events);
    finishedSteps = List.copyOf(finishedSteps);
  }

  /**
   * This change followed by {@code next}, committed together: the events and finished steps of both
   * in order; runnable and stopping a worker as {@code next} leaves the run.
   */
  public Transition then(Transition next) {
    List<ExecutionEvent> allEvents = new ArrayList<>(events);
    allEvents.addAll(next.events());
    List<StepRecord> allSteps = new ArrayList<>(finishedSteps);
    allSteps.addAll(next.finishedSteps());
    return new Transition(
        allEvents, allSteps, next.becameRunnable(), stopsWorker || next.stopsWorker());
  }

  /** Collects what a change causes while the aggregate makes it. */
  static final class Recorder {
    private final List<ExecutionEvent> events = new ArrayList<>();
    private final List<StepRecord> finishedSteps = new ArrayList<>();
    private boolean becameRunnable;
    private boolean stopsWorker;

    void event(ExecutionEvent event) {
      events.add(event);
    }

    void finished(StepRecord step) {
      finishedSteps.add(step);
    }

    void runnable(boolean runnable) {
      becameRunnable = runnable;
    }

    void stopsWorker() {
      stopsWorker = true;
    }

    Transition done() {
      return new Transition(events, finishedSteps, becameRunnable, stopsWorker);
    }
  }
}
