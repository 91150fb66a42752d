package dev.pilot.execution.steps;

import java.util.Map;
import java.util.UUID;

/** One attempt at one action step of one execution. */
public record StepInvocation(
    UUID executionId, String stepId, int attempt, Map<String, Object> params) {

  /** Stable across attempts of the same step: {@code {execution_id}:{step_id}}. */
  public String idempotencyKey() {
    return executionId + ":" + stepId;
  }
}
