package dev.pilot.execution.execution.model;

import java.time.Instant;
import java.util.List;

/**
 * Where a run stands, as stored: its status, the step it is at and that step's tries, the counter
 * behind its events' {@code sequence}, a pause asked for while a worker is mid-step (only rows
 * stored before pauses took effect at once carry one), when it finished, and, while its step waits
 * on a durable timer (a {@code delay}), when that timer fires.
 */
public record Progress(
    ExecutionStatus status,
    int nextStepIndex,
    List<String> completedSteps,
    int attempt,
    int failures,
    Instant stepStartedAt,
    String lastError,
    long eventSequence,
    String pauseRequestedBy,
    Instant finishedAt,
    Instant waitingUntil) {

  public Progress {
    completedSteps = List.copyOf(completedSteps);
  }
}
