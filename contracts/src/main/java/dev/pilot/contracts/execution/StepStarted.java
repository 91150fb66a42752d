package dev.pilot.contracts.execution;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/** An action step began (or began again: {@code attempt} counts from 1). */
public record StepStarted(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("execution_id") UUID executionId,
    long sequence,
    @JsonProperty("step_id") String stepId,
    @JsonProperty("step_title") String stepTitle,
    @JsonProperty("step_order") int stepOrder,
    @JsonProperty("total_steps") int totalSteps,
    int attempt)
    implements ExecutionEvent {}
