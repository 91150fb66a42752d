package dev.pilot.execution.execution.model;

import dev.pilot.contracts.FailureReason;

/** Why a failed run failed, and at which step. */
public record Failure(FailureReason reason, String stepId, String error) {}
