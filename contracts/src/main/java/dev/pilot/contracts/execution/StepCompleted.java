package dev.pilot.contracts.execution;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A step finished successfully: an action step's work is done, or an approval step was approved.
 * {@code completed_steps} lists every step id completed so far, this one included.
 */
public record StepCompleted(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("execution_id") UUID executionId,
    long sequence,
    @JsonProperty("step_id") String stepId,
    @JsonProperty("step_title") String stepTitle,
    @JsonProperty("step_order") int stepOrder,
    @JsonProperty("total_steps") int totalSteps,
    @JsonProperty("completed_steps") List<String> completedSteps)
    implements ExecutionEvent {}
