package dev.pilot.execution.execution.model;

import dev.pilot.contracts.StepStatus;
import java.time.Instant;

/** A finished step, as stored in {@code step_history}. */
public record StepRecord(
    int stepIndex,
    String stepId,
    StepStatus status,
    Instant startedAt,
    Instant finishedAt,
    int attempts,
    String error) {}
