package dev.pilot.contracts.execution;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pilot.contracts.FailureReason;
import java.time.Instant;
import java.util.UUID;

/** The execution stopped for good at {@code step_id}; {@code error} explains a step error. */
public record ExecutionFailed(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("execution_id") UUID executionId,
    long sequence,
    FailureReason reason,
    @JsonProperty("step_id") String stepId,
    @JsonProperty("step_title") String stepTitle,
    String error)
    implements ExecutionEvent {}
