package dev.pilot.contracts.execution;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/** A paused execution continues where it stopped. */
public record ExecutionResumed(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("execution_id") UUID executionId,
    long sequence,
    @JsonProperty("requested_by") String requestedBy)
    implements ExecutionEvent {}
