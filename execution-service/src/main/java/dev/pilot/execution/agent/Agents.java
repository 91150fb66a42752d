package dev.pilot.execution.agent;

import static org.springframework.data.relational.core.query.Criteria.where;

import dev.pilot.contracts.ExecutionMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Sort;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.data.relational.core.query.Query;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Stored agents: each saved whole by Spring Data JDBC, and listed by it; the scheduler's two
 * statements (claim due ticks with SKIP LOCKED, move the next tick) are {@link ScheduledAgents}'s
 * queries. One agent is read by hand ({@link #find}): every manual start reads its agent, and on
 * that measured hot path Spring Data JDBC's mapping cost more than the statement.
 */
@Repository
public class Agents {

  private final JdbcAggregateOperations aggregates;
  private final ScheduledAgents scheduled;
  private final JdbcClient jdbc;

  Agents(JdbcAggregateOperations aggregates, ScheduledAgents scheduled, JdbcClient jdbc) {
    this.aggregates = aggregates;
    this.scheduled = scheduled;
    this.jdbc = jdbc;
  }

  public Optional<Agent> find(UUID id) {
    return jdbc.sql(
            """
            select id, owner, name, description, mode, schedule, timezone,
                pilot_steps::text as pilot_steps, next_fire_at, created_at, updated_at,
                input_schema::text as input_schema, default_inputs::text as default_inputs
            from agents where id = ?""")
        .param(id)
        .query(Agents::row)
        .optional();
  }

  private static Agent row(ResultSet rs, int rowNum) throws SQLException {
    return new Agent(
        rs.getObject("id", UUID.class),
        rs.getString("owner"),
        rs.getString("name"),
        rs.getString("description"),
        mode(rs.getString("mode")),
        rs.getString("schedule"),
        rs.getString("timezone"),
        new PilotSteps(PilotSteps.fromJson(rs.getString("pilot_steps"))),
        instant(rs, "next_fire_at"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        JsonDocument.of(PilotSteps.mapOrNull(rs.getString("input_schema"))),
        JsonDocument.of(PilotSteps.mapOrNull(rs.getString("default_inputs"))));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }

  List<Agent> ownedBy(String owner) {
    return aggregates.findAll(
        Query.query(where("owner").is(owner)).sort(Sort.by(Sort.Direction.DESC, "createdAt")),
        Agent.class);
  }

  /** Whether {@link #lockDue} would find a tick: one statement, no lock, no transaction. */
  public boolean anyDue(Instant now) {
    return jdbc.sql("select exists (select 1 from agents where next_fire_at <= ?)")
        .param(Timestamp.from(now))
        .query(Boolean.class)
        .single();
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

  static ExecutionMode mode(String name) {
    return "scheduled".equals(name) ? ExecutionMode.SCHEDULED : ExecutionMode.MANUAL;
  }

  static String modeName(ExecutionMode mode) {
    return mode == ExecutionMode.SCHEDULED ? "scheduled" : "manual";
  }
}
