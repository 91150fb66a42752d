package dev.pilot.execution.agent;

import dev.pilot.contracts.ExecutionMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Stored agents. */
@Repository
public class Agents {

  private static final String COLUMNS =
      "id, owner, name, description, mode, schedule, timezone, pilot_steps::text as pilot_steps,"
          + " next_fire_at, created_at, updated_at, input_schema::text as input_schema,"
          + " default_inputs::text as default_inputs";

  private final JdbcClient jdbc;

  Agents(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Agent> find(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from agents where id = ?")
        .param(id)
        .query(Agents::map)
        .optional();
  }

  List<Agent> ownedBy(String owner) {
    return jdbc.sql("select " + COLUMNS + " from agents where owner = ? order by created_at desc")
        .param(owner)
        .query(Agents::map)
        .list();
  }

  /** Scheduled agents whose tick is due, locked for this transaction; others skip them. */
  public List<Agent> lockDue(Instant now, int limit) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from agents where next_fire_at <= ? order by next_fire_at limit ?"
                + " for update skip locked")
        .params(Timestamp.from(now), limit)
        .query(Agents::map)
        .list();
  }

  public void scheduleNextFire(UUID id, Instant next) {
    jdbc.sql("update agents set next_fire_at = ? where id = ?")
        .params(next == null ? null : Timestamp.from(next), id)
        .update();
  }

  void insert(Agent agent) {
    jdbc.sql(
            """
            insert into agents (id, owner, name, description, mode, schedule, timezone, pilot_steps,
                                next_fire_at, created_at, updated_at, input_schema, default_inputs)
            values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?::jsonb)""")
        .params(
            agent.id(),
            agent.owner(),
            agent.name(),
            agent.description(),
            modeName(agent.mode()),
            agent.schedule(),
            agent.timezone(),
            PilotSteps.toJson(agent.pilotSteps()),
            timestamp(agent.nextFireAt()),
            timestamp(agent.createdAt()),
            timestamp(agent.updatedAt()),
            PilotSteps.jsonOrNull(agent.inputSchema()),
            PilotSteps.jsonOrNull(agent.defaultInputs()))
        .update();
  }

  void update(Agent agent) {
    jdbc.sql(
            """
            update agents set name = ?, description = ?, mode = ?, schedule = ?, timezone = ?,
                              pilot_steps = ?::jsonb, next_fire_at = ?, updated_at = ?,
                              input_schema = ?::jsonb, default_inputs = ?::jsonb
            where id = ?""")
        .params(
            agent.name(),
            agent.description(),
            modeName(agent.mode()),
            agent.schedule(),
            agent.timezone(),
            PilotSteps.toJson(agent.pilotSteps()),
            timestamp(agent.nextFireAt()),
            timestamp(agent.updatedAt()),
            PilotSteps.jsonOrNull(agent.inputSchema()),
            PilotSteps.jsonOrNull(agent.defaultInputs()),
            agent.id())
        .update();
  }

  void delete(UUID id) {
    jdbc.sql("delete from agents where id = ?").param(id).update();
  }

  static String modeName(ExecutionMode mode) {
    return mode == ExecutionMode.SCHEDULED ? "scheduled" : "manual";
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  private static Agent map(ResultSet rs, int row) throws SQLException {
    return new Agent(
        rs.getObject("id", UUID.class),
        rs.getString("owner"),
        rs.getString("name"),
        rs.getString("description"),
        "scheduled".equals(rs.getString("mode")) ? ExecutionMode.SCHEDULED : ExecutionMode.MANUAL,
        rs.getString("schedule"),
        rs.getString("timezone"),
        PilotSteps.fromJson(rs.getString("pilot_steps")),
        instant(rs, "next_fire_at"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        PilotSteps.mapOrNull(rs.getString("input_schema")),
        PilotSteps.mapOrNull(rs.getString("default_inputs")));
  }
}
