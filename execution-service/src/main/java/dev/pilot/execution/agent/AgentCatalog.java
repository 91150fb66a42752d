package dev.pilot.execution.agent;

import dev.pilot.contracts.ExecutionMode;
import dev.pilot.platform.web.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating, reading, changing and deleting agents; only an agent's owner may touch it. */
@Service
public class AgentCatalog {

  private final Agents agents;
  private final AgentValidator validator;
  private final Clock clock;

  AgentCatalog(Agents agents, AgentValidator validator, Clock clock) {
    this.agents = agents;
    this.validator = validator;
    this.clock = clock;
  }

  @Transactional
  Agent create(String owner, AgentRequest request) {
    AgentDefinition definition = validator.validate(request);
    Instant now = clock.instant();
    Agent agent = agent(UUID.randomUUID(), owner, definition, now, now);
    agents.insert(agent);
    return agent;
  }

  @Transactional
  Agent update(String user, UUID id, AgentRequest request) {
    Agent current = ownedAgent(user, id);
    AgentDefinition definition = validator.validate(request);
    Agent changed = agent(id, current.owner(), definition, current.createdAt(), clock.instant());
    agents.update(changed);
    return changed;
  }

  @Transactional
  void delete(String user, UUID id) {
    ownedAgent(user, id);
    agents.delete(id);
  }

  List<Agent> ownedBy(String owner) {
    return agents.ownedBy(owner);
  }

  /**
   * The agent, if it exists and the user owns it; 404 otherwise: whether someone else's agent
   * exists is not for the caller to learn.
   */
  public Agent ownedAgent(String user, UUID id) {
    return agents
        .find(id)
        .filter(agent -> agent.ownedBy(user))
        .orElseThrow(() -> new NotFoundException("No agent " + id));
  }

  private Agent agent(
      UUID id, String owner, AgentDefinition definition, Instant createdAt, Instant now) {
    CronSchedule schedule = definition.schedule();
    return new Agent(
        id,
        owner,
        definition.name(),
        definition.description(),
        definition.mode(),
        schedule == null ? null : schedule.expression(),
        definition.timezone(),
        definition.pilotSteps(),
        definition.mode() == ExecutionMode.SCHEDULED ? schedule.nextAfter(now) : null,
        createdAt,
        now,
        definition.inputSchema(),
        definition.defaultInputs());
  }
}
