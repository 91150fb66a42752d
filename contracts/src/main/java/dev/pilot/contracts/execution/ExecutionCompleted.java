package dev.pilot.contracts.execution;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/** Every step of the execution completed. */
public record ExecutionCompleted(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("execution_id") UUID executionId,
    long sequence,
    @JsonProperty("total_steps") int totalSteps,
    @JsonProperty("duration_ms") long durationMs)
    implements ExecutionEvent {}
