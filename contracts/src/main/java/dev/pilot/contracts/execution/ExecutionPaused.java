package dev.pilot.contracts.execution;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/** The execution stopped at a step boundary; {@code next_step_id} runs on resume. */
public record ExecutionPaused(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("execution_id") UUID executionId,
    long sequence,
    @JsonProperty("requested_by") String requestedBy,
    @JsonProperty("next_step_id") String nextStepId)
    implements ExecutionEvent {}
