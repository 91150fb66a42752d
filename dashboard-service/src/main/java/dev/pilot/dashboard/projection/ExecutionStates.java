package dev.pilot.dashboard.projection;

import static dev.pilot.dashboard.SqlValues.instant;
import static dev.pilot.dashboard.SqlValues.strings;
import static dev.pilot.dashboard.SqlValues.timestamp;

import dev.pilot.contracts.PilotStepSummary;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Loads, locks and stores {@link ExecutionState} rows and {@link ApprovalTally} rows. */
@Repository
class ExecutionStates {

  private static final TypeReference<List<PilotStepSummary>> STEPS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JdbcTemplate jdbcTemplate;
  private final JsonMapper json;

  ExecutionStates(JdbcClient jdbc, JdbcTemplate jdbcTemplate, JsonMapper json) {
    this.jdbc = jdbc;
    this.jdbcTemplate = jdbcTemplate;
    this.json = json;
  }

  /**
   * The events of {@code eventIds} this consumer sees for the first time, remembered in the inbox
   * with one statement (the rest were applied before and must be skipped).
   */
  Set<UUID> firstDeliveries(String consumer, Collection<UUID> eventIds) {
    return new HashSet<>(
        jdbc.sql(
                """
                insert into processed_events (consumer, event_id)
                select ?, unnest(cast(? as uuid[])) on conflict do nothing returning event_id
                """)
            .params(consumer, ids(new LinkedHashSet<>(eventIds)))
            .query((rs, n) -> rs.getObject(1, UUID.class))
            .list());
  }

  /**
   * The executions' states, row-locked until the transaction ends (created empty if absent). Rows
   * are created and locked in execution id order, so concurrent batches never deadlock.
   */
  Map<UUID, ExecutionState> lock(Collection<UUID> executionIds) {
    String[] ids = ids(executionIds);
    jdbc.sql(
            "insert into executions (execution_id) select id from unnest(cast(? as uuid[])) id"
                + " order by id on conflict do nothing")
        .param(ids)
        .update();
    Map<UUID, ExecutionState> states = new HashMap<>();
    jdbc.sql(
            "select * from executions where execution_id = any(cast(? as uuid[]))"
                + " order by execution_id for update")
        .param(ids)
        .query((rs, n) -> map(rs))
        .list()
        .forEach(s -> states.put(s.executionId, s));
    return states;
  }

  /**
   * The executions' states as stored, unlocked, and an empty state for each one not stored yet: for
   * a replay, the only writer while it runs.
   */
  Map<UUID, ExecutionState> load(Collection<UUID> executionIds) {
    Map<UUID, ExecutionState> states = new HashMap<>();
    jdbc.sql("select * from executions where execution_id = any(cast(? as uuid[]))")
        .param(ids(executionIds))
        .query((rs, n) -> map(rs))
        .list()
        .forEach(s -> states.put(s.executionId, s));
    executionIds.forEach(id -> states.computeIfAbsent(id, ExecutionState::new));
    return states;
  }

  private static final String UPDATE =
      """
      update executions set agent_id = ?, agent_name = ?, owner = ?, mode = ?, trigger = ?,
        status = ?, pilot_steps = cast(? as jsonb), current_step = ?, step_title = ?,
        step_order = ?, total_steps = ?, completed_steps = ?, created_at = ?,
        finished_at = ?, duration_ms = ?, approval_id = ?, approval_step_id = ?,
        approval_type = ?, approval_reason = ?, approvers = ?, failure_reason = ?,
        failure_step = ?, failure_error = ?, viewers = ?, last_sequence_execution = ?,
        last_sequence_approval = ?, updated_at = now()
      where execution_id = ?
      """;

  /** The same columns in the same parameter order as {@link #UPDATE}, for rows that may be new. */
  private static final String UPSERT =
      """
      insert into executions (agent_id, agent_name, owner, mode, trigger, status,
        pilot_steps, current_step, step_title, step_order, total_steps, completed_steps,
        created_at, finished_at, duration_ms, approval_id, approval_step_id,
        approval_type, approval_reason, approvers, failure_reason, failure_step,
        failure_error, viewers, last_sequence_execution, last_sequence_approval,
        execution_id, updated_at)
      values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
        ?, ?, ?, ?, ?, ?, ?, now())
      on conflict (execution_id) do update set agent_id = excluded.agent_id, agent_name =
        excluded.agent_name, owner = excluded.owner, mode = excluded.mode, trigger =
        excluded.trigger, status = excluded.status, pilot_steps = excluded.pilot_steps,
        current_step = excluded.current_step, step_title = excluded.step_title, step_order
        = excluded.step_order, total_steps = excluded.total_steps, completed_steps =
        excluded.completed_steps, created_at = excluded.created_at, finished_at =
        excluded.finished_at, duration_ms = excluded.duration_ms, approval_id =
        excluded.approval_id, approval_step_id = excluded.approval_step_id, approval_type
        = excluded.approval_type, approval_reason = excluded.approval_reason, approvers =
        excluded.approvers, failure_reason = excluded.failure_reason, failure_step =
        excluded.failure_step, failure_error = excluded.failure_error, viewers =
        excluded.viewers, last_sequence_execution = excluded.last_sequence_execution,
        last_sequence_approval = excluded.last_sequence_approval, updated_at = now()
      """;

  /**
   * Writes the states back, one batched statement for all of them.
   *
   * @param upsert insert the rows that do not exist yet (a replay that never {@link #lock}ed them)
   */
  void save(List<ExecutionState> states, Map<UUID, Set<String>> viewers, boolean upsert) {
    jdbcTemplate.batchUpdate(
        upsert ? UPSERT : UPDATE,
        states,
        500,
        (ps, s) -> {
          Params p = new Params(ps);
          p.set(s.agentId, Types.OTHER);
          p.set(s.agentName, Types.VARCHAR);
          p.set(s.owner, Types.VARCHAR);
          p.set(s.mode, Types.VARCHAR);
          p.set(s.trigger, Types.VARCHAR);
          p.set(s.status, Types.VARCHAR);
          p.set(json.writeValueAsString(s.pilotSteps), Types.VARCHAR);
          p.set(s.currentStep, Types.VARCHAR);
          p.set(s.stepTitle, Types.VARCHAR);
          p.set(s.stepOrder, Types.INTEGER);
          p.set(s.totalSteps, Types.INTEGER);
          p.set(s.completedSteps.toArray(String[]::new), Types.ARRAY);
          p.set(timestamp(s.createdAt), Types.TIMESTAMP_WITH_TIMEZONE);
          p.set(timestamp(s.finishedAt), Types.TIMESTAMP_WITH_TIMEZONE);
          p.set(s.durationMs, Types.BIGINT);
          p.set(s.approvalId, Types.OTHER);
          p.set(s.approvalStepId, Types.VARCHAR);
          p.set(s.approvalType, Types.VARCHAR);
          p.set(s.approvalReason, Types.VARCHAR);
          p.set(s.approvers.toArray(String[]::new), Types.ARRAY);
          p.set(s.failureReason, Types.VARCHAR);
          p.set(s.failureStep, Types.VARCHAR);
          p.set(s.failureError, Types.VARCHAR);
          p.set(viewers.get(s.executionId).toArray(String[]::new), Types.ARRAY);
          p.set(s.lastSequenceExecution, Types.BIGINT);
          p.set(s.lastSequenceApproval, Types.BIGINT);
          p.set(s.executionId, Types.OTHER);
        });
  }

  /** The tallies of these approvals that exist, by approval id. */
  Map<UUID, ApprovalTally> tallies(Collection<UUID> approvalIds) {
    Map<UUID, ApprovalTally> tallies = new HashMap<>();
    if (approvalIds.isEmpty()) {
      return tallies;
    }
    jdbc.sql("select * from approvals where approval_id = any(cast(? as uuid[]))")
        .param(ids(approvalIds))
        .query(
            (rs, n) ->
                new ApprovalTally(
                    rs.getObject("approval_id", UUID.class),
                    rs.getObject("execution_id", UUID.class),
                    rs.getInt("approvals"),
                    rs.getInt("rejections"),
                    rs.getInt("total_approvers"),
                    rs.getString("outcome"),
                    strings(rs.getArray("responders"))))
        .list()
        .forEach(t -> tallies.put(t.approvalId(), t));
    return tallies;
  }

  /** Inserts or replaces the tallies, one batched statement. */
  void save(Collection<ApprovalTally> tallies) {
    jdbcTemplate.batchUpdate(
        """
        insert into approvals (approval_id, execution_id, approvals, rejections,
          total_approvers, outcome, responders) values (?, ?, ?, ?, ?, ?, ?)
        on conflict (approval_id) do update set approvals = excluded.approvals,
          rejections = excluded.rejections, total_approvers = excluded.total_approvers,
          outcome = excluded.outcome, responders = excluded.responders
        """,
        tallies,
        500,
        (ps, t) -> {
          Params p = new Params(ps);
          p.set(t.approvalId(), Types.OTHER);
          p.set(t.executionId(), Types.OTHER);
          p.set(t.approvals(), Types.INTEGER);
          p.set(t.rejections(), Types.INTEGER);
          p.set(t.totalApprovers(), Types.INTEGER);
          p.set(t.outcome(), Types.VARCHAR);
          p.set(t.responders().toArray(String[]::new), Types.ARRAY);
        });
  }

  /** Forgets the whole read model; the change feed and the inbox stay. */
  void clear() {
    jdbc.sql("truncate executions, approvals").update();
  }

  private static String[] ids(Collection<UUID> ids) {
    return ids.stream().map(UUID::toString).toArray(String[]::new);
  }

  /** Sets positional parameters in order; nulls with their SQL type. */
  private static final class Params {
    private final PreparedStatement ps;
    private int index;

    Params(PreparedStatement ps) {
      this.ps = ps;
    }

    void set(Object value, int sqlType) throws SQLException {
      index++;
      if (value == null) {
        ps.setNull(index, sqlType == Types.ARRAY ? Types.OTHER : sqlType);
      } else {
        ps.setObject(index, value);
      }
    }
  }

  private ExecutionState map(ResultSet rs) throws SQLException {
    ExecutionState s = new ExecutionState(rs.getObject("execution_id", UUID.class));
    s.agentId = rs.getObject("agent_id", UUID.class);
    s.agentName = rs.getString("agent_name");
    s.owner = rs.getString("owner");
    s.mode = rs.getString("mode");
    s.trigger = rs.getString("trigger");
    s.status = rs.getString("status");
    s.pilotSteps = json.readValue(rs.getString("pilot_steps"), STEPS);
    s.currentStep = rs.getString("current_step");
    s.stepTitle = rs.getString("step_title");
    s.stepOrder = (Integer) rs.getObject("step_order");
    s.totalSteps = rs.getInt("total_steps");
    s.completedSteps = strings(rs.getArray("completed_steps"));
    s.createdAt = instant(rs, "created_at");
    s.finishedAt = instant(rs, "finished_at");
    s.durationMs = (Long) rs.getObject("duration_ms");
    s.approvalId = rs.getObject("approval_id", UUID.class);
    s.approvalStepId = rs.getString("approval_step_id");
    s.approvalType = rs.getString("approval_type");
    s.approvalReason = rs.getString("approval_reason");
    s.approvers = strings(rs.getArray("approvers"));
    s.failureReason = rs.getString("failure_reason");
    s.failureStep = rs.getString("failure_step");
    s.failureError = rs.getString("failure_error");
    s.lastSequenceExecution = rs.getLong("last_sequence_execution");
    s.lastSequenceApproval = rs.getLong("last_sequence_approval");
    return s;
  }
}
