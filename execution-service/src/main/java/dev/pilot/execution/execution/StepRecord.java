package dev.pilot.execution.execution;

import dev.pilot.contracts.StepStatus;
import java.time.Instant;

/** A finished step, as stored in {@code step_history}. */
record StepRecord(
    int stepIndex,
    String stepId,
    StepStatus status,
    Instant startedAt,
    Instant finishedAt,
    int attempts,
    String error) {}
