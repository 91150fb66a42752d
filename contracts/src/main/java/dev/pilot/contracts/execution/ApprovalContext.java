package dev.pilot.contracts.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.StepStatus;
import dev.pilot.contracts.StepType;
import dev.pilot.contracts.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What an approver needs to decide: the agent, the execution, and every pilot step's status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovalContext(
    @JsonProperty("agent_id") UUID agentId,
    @JsonProperty("agent_name") String agentName,
    String description,
    ExecutionMode mode,
    Trigger trigger,
    @JsonProperty("execution_started_at") Instant executionStartedAt,
    @JsonProperty("pilot_steps") List<Step> pilotSteps) {

  /** A pilot step and where it stood when approval was requested. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Step(String id, String title, StepType type, StepStatus status) {}
}
