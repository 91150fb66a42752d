package dev.pilot.execution.agent;

import dev.pilot.contracts.ExecutionMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An agent as the API shows it, with how long its completed runs took on average. */
record AgentView(
    UUID id,
    UUID agentId,
    String owner,
    String name,
    String description,
    ExecutionMode mode,
    String schedule,
    String timezone,
    List<PilotStep> pilotSteps,
    Instant nextFireAt,
    Instant createdAt,
    Instant updatedAt,
    long completedRuns,
    Long averageDurationMs,
    Map<String, Object> inputSchema,
    Map<String, Object> defaultInputs) {

  static AgentView of(Agent agent, AgentStats.Stats stats) {
    return new AgentView(
        agent.id(),
        agent.id(),
        agent.owner(),
        agent.name(),
        agent.description(),
        agent.mode(),
        agent.schedule(),
        agent.timezone(),
        agent.pilotSteps(),
        agent.nextFireAt(),
        agent.createdAt(),
        agent.updatedAt(),
        stats.completedRuns(),
        stats.averageDurationMs(),
        agent.inputSchema(),
        agent.defaultInputs());
  }
}
