package dev.pilot.contracts.execution;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.PilotStepSummary;
import dev.pilot.contracts.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An execution of an agent began; it runs on this snapshot of the agent's pilot steps. */
public record ExecutionStarted(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("execution_id") UUID executionId,
    long sequence,
    @JsonProperty("agent_id") UUID agentId,
    @JsonProperty("agent_name") String agentName,
    String owner,
    ExecutionMode mode,
    Trigger trigger,
    @JsonProperty("pilot_steps") List<PilotStepSummary> pilotSteps)
    implements ExecutionEvent {}
