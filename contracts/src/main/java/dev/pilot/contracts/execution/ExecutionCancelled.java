package dev.pilot.contracts.execution;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/** Someone cancelled the execution; a pending approval of it is cancelled too. */
public record ExecutionCancelled(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("execution_id") UUID executionId,
    long sequence,
    @JsonProperty("requested_by") String requestedBy,
    @JsonProperty("step_id") String stepId)
    implements ExecutionEvent {}
