package dev.pilot.execution.agent;

import static org.springframework.data.relational.core.query.Criteria.where;

import dev.pilot.contracts.ExecutionMode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Sort;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.data.relational.core.query.Query;
import org.springframework.stereotype.Repository;

/**
 * Stored agents: each loaded and saved whole by Spring Data JDBC; the scheduler's two statements
 * (claim due ticks with SKIP LOCKED, move the next tick) are {@link ScheduledAgents}'s queries.
 */
@Repository
public class Agents {

  private final JdbcAggregateOperations aggregates;
  private final ScheduledAgents scheduled;

  Agents(JdbcAggregateOperations aggregates, ScheduledAgents scheduled) {
    this.aggregates = aggregates;
    this.scheduled = scheduled;
  }

  public Optional<Agent> find(UUID id) {
    return Optional.ofNullable(aggregates.findById(id, Agent.class));
  }

  List<Agent> ownedBy(String owner) {
    return aggregates.findAll(
        Query.query(where("owner").is(owner)).sort(Sort.by(Sort.Direction.DESC, "createdAt")),
        Agent.class);
  }

  /** Scheduled agents whose tick is due, locked for this transaction; others skip them. */
  public List<Agent> lockDue(Instant now, int limit) {
    return scheduled.lockDue(now, limit);
  }

  public void scheduleNextFire(UUID id, Instant next) {
    scheduled.scheduleNextFire(id, next);
  }

  /** The id is assigned by the catalog, so a new agent is inserted explicitly. */
  void insert(Agent agent) {
    aggregates.insert(agent);
  }

  void update(Agent agent) {
    aggregates.update(agent);
  }

  void delete(UUID id) {
    aggregates.deleteById(id, Agent.class);
  }

  static String modeName(ExecutionMode mode) {
    return mode == ExecutionMode.SCHEDULED ? "scheduled" : "manual";
  }
}
