package dev.pilot.execution.execution;

import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.FailureReason;
import dev.pilot.contracts.StepStatus;
import dev.pilot.contracts.Topics;
import dev.pilot.contracts.Trigger;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.execution.agent.PilotSteps;
import dev.pilot.platform.events.EventCodec;
import dev.pilot.platform.outbox.Outbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stored executions and the work queue they form. {@link #save} writes an execution's new state,
 * its finished steps and its events (through the outbox) in the caller's transaction, and wakes the
 * workers when the execution became runnable.
 */
@Repository
class Executions {

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private static final String COLUMNS =
      """
      id, agent_id, agent_name, agent_description, owner, mode, trigger,
      pilot_steps::text as pilot_steps, status, execution_state::text as execution_state,
      next_step_index, attempt, failures, step_started_at, last_error, event_sequence, run_at,
      lease_owner, lease_token, lease_until, pause_requested_by, approval_id, approval_expires_at,
      pending_resolution::text as pending_resolution, failure_reason, failure_step_id,
      failure_error, created_at, finished_at""";

  /** Sets every mutable column; the caller appends the where clause. */
  private static final String UPDATE =
      """
      update workflow_executions set status = ?, execution_state = ?::jsonb,
          next_step_index = ?, attempt = ?, failures = ?, step_started_at = ?,
          last_error = ?, event_sequence = ?, run_at = ?, lease_owner = ?, lease_token = ?,
          lease_until = ?, pause_requested_by = ?, approval_id = ?, approval_expires_at = ?,
          pending_resolution = ?::jsonb, failure_reason = ?, failure_step_id = ?,
          failure_error = ?, finished_at = ?
      """;

  /** The same without run_at, lease_owner, lease_token, lease_until (from this state parameter). */
  private static final String UPDATE_KEEPING_LEASE =
      """
      update workflow_executions set status = ?, execution_state = ?::jsonb,
          next_step_index = ?, attempt = ?, failures = ?, step_started_at = ?,
          last_error = ?, event_sequence = ?, pause_requested_by = ?, approval_id = ?,
          approval_expires_at = ?, pending_resolution = ?::jsonb, failure_reason = ?,
          failure_step_id = ?, failure_error = ?, finished_at = ?
      """;

  private static final int LEASE_COLUMNS_FROM = 8;

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final Outbox outbox;
  private final EventCodec codec;
  private final WorkSignal signal;

  Executions(
      JdbcClient jdbc, JdbcTemplate batch, Outbox outbox, EventCodec codec, WorkSignal signal) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.outbox = outbox;
    this.codec = codec;
    this.signal = signal;
  }

  void insert(Execution e) {
    List<Object> params =
        new ArrayList<>(
            Arrays.asList(
                e.id,
                e.agentId,
                e.agentName,
                e.agentDescription,
                e.owner,
                e.mode == ExecutionMode.SCHEDULED ? "scheduled" : "manual",
                e.trigger == Trigger.SCHEDULE ? "schedule" : "manual",
                PilotSteps.toJson(e.steps),
                e.approvers().toArray(String[]::new),
                ts(e.createdAt)));
    params.addAll(stateParams(e));
    write(
        e,
        """
        insert into workflow_executions (id, agent_id, agent_name, agent_description, owner,
            mode, trigger, pilot_steps, approvers, created_at,
            status, execution_state, next_step_index, attempt, failures, step_started_at,
            last_error, event_sequence, run_at, lease_owner, lease_token, lease_until,
            pause_requested_by, approval_id, approval_expires_at, pending_resolution,
            failure_reason, failure_step_id, failure_error, finished_at)
        values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?,
                ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)""",
        params);
  }

  /** Writes the execution's state, finished steps and events; the row must be locked. */
  void save(Execution e) {
    write(e, UPDATE + "where id = ?", updateParams(e, List.of()));
  }

  /**
   * A worker's save that needs no lock beforehand: it writes only if the run is still running under
   * {@code token} with no pause requested (then nobody else has changed it since the claim). False,
   * with nothing written, otherwise.
   */
  boolean saveIfUndisturbed(Execution e, UUID token) {
    String guard =
        "where id = ? and lease_token = ? and status = 'running' and pause_requested_by is null";
    if (e.heldBy(token)) {
      // Still this worker's: the lease columns stay as the renewer keeps them, and with no indexed
      // column changed PostgreSQL can update the row in place (HOT).
      List<Object> params = new ArrayList<>(stateParams(e));
      params.subList(LEASE_COLUMNS_FROM, LEASE_COLUMNS_FROM + 4).clear();
      params.add(e.id);
      params.add(token);
      return write(e, UPDATE_KEEPING_LEASE + guard, params) == 1;
    }
    return write(e, UPDATE + guard, updateParams(e, List.of(token))) == 1;
  }

  /**
   * Writes claimed executions (locked, none finished a step): their updates in one JDBC batch and
   * their StepStarted events in one outbox statement.
   */
  void saveClaimed(List<Execution> claimed) {
    if (claimed.isEmpty()) {
      return;
    }
    List<Object[]> rows = new ArrayList<>(claimed.size());
    List<ExecutionEvent> events = new ArrayList<>();
    for (Execution e : claimed) {
      rows.add(updateParams(e, List.of()).toArray());
      events.addAll(e.events);
      e.events.clear();
    }
    batch.batchUpdate(UPDATE + "where id = ?", rows);
    outbox.appendAll(Topics.EXECUTION_EVENTS, events);
  }

  private List<Object> updateParams(Execution e, List<Object> guardParams) {
    List<Object> params = new ArrayList<>(stateParams(e));
    params.add(e.id);
    params.addAll(guardParams);
    return params;
  }

  /**
   * One statement, one round trip: the execution row, its finished steps, its events (through the
   * outbox's insert) and, if it became runnable, the NOTIFY that wakes other instances. The history
   * rows and the events hang on the row change in the statement's CTE, so a failed guard writes
   * nothing. Returns the number of execution rows written.
   */
  private int write(Execution e, String change, List<Object> changeParams) {
    StringBuilder sql = new StringBuilder("with changed as (").append(change);
    sql.append(" returning id)");
    List<Object> params = new ArrayList<>(changeParams);
    if (!e.finishedSteps.isEmpty()) {
      sql.append(
          """
          , recorded as (
              insert into step_history (execution_id, step_index, step_id, status, started_at,
                                        finished_at, attempts, error)
              select changed.id, step.* from changed cross join (values\s""");
      String separator = "";
      for (StepRecord step : e.finishedSteps) {
        sql.append(separator)
            .append("(?::int, ?::text, ?::text, ?::timestamptz, ?::timestamptz, ?::int, ?::text)");
        separator = ", ";
        params.addAll(
            Arrays.asList(
                step.stepIndex(),
                step.stepId(),
                step.status().name().toLowerCase(Locale.ROOT),
                ts(step.startedAt()),
                ts(step.finishedAt()),
                step.attempts(),
                step.error()));
      }
      sql.append(") as step)");
    }
    if (!e.events.isEmpty()) {
      Outbox.Insert events = outbox.insert(Topics.EXECUTION_EVENTS, e.events);
      sql.append(", published as (")
          .append(events.sql())
          .append(" where exists (select 1 from changed))");
      params.addAll(events.params());
    }
    sql.append(" select count(*)");
    if (e.becameRunnable) {
      sql.append(", pg_notify(?, '')");
      params.add(signal.channel());
    }
    sql.append(" from changed");
    int rows = jdbc.sql(sql.toString()).params(params).query((rs, row) -> rs.getInt(1)).single();
    if (rows > 0 && e.becameRunnable) {
      wakeAfterCommit();
    }
    e.events.clear();
    e.finishedSteps.clear();
    e.becameRunnable = false;
    return rows;
  }

  /** The mutable columns, in the order both insert and update list them. */
  private List<Object> stateParams(Execution e) {
    return Arrays.asList(
        e.status.wire(),
        state(e),
        e.nextStepIndex,
        e.attempt,
        e.failures,
        ts(e.stepStartedAt),
        e.lastError,
        e.eventSequence,
        ts(e.runAt),
        e.leaseOwner,
        e.leaseToken,
        ts(e.leaseUntil),
        e.pauseRequestedBy,
        e.approvalId,
        ts(e.approvalExpiresAt),
        e.pendingResolution == null ? null : codec.write(e.pendingResolution),
        e.failureReason == null ? null : e.failureReason.name().toLowerCase(Locale.ROOT),
        e.failureStepId,
        e.failureError,
        ts(e.finishedAt));
  }

  /** Wakes the local dispatcher once the change is visible: at commit, or now for autocommit. */
  private void wakeAfterCommit() {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      signal.wake();
    } else if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              signal.wake();
            }
          });
    }
  }

  Optional<Execution> find(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from workflow_executions where id = ?")
        .param(id)
        .query(this::map)
        .optional();
  }

  Optional<Execution> lock(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from workflow_executions where id = ? for update")
        .param(id)
        .query(this::map)
        .optional();
  }

  /** Running executions whose time has come (new, retrying, or an expired lease), locked. */
  List<Execution> lockRunnable(Instant now, int limit) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from workflow_executions where status = 'running' and run_at <= ?"
                + " order by run_at limit ? for update skip locked")
        .params(ts(now), limit)
        .query(this::map)
        .list();
  }

  void renewLeases(Collection<UUID> tokens, Instant until) {
    if (tokens.isEmpty()) {
      return;
    }
    jdbc.sql(
            "update workflow_executions set lease_until = ?, run_at = ?"
                + " where lease_token = any(?::uuid[])")
        .params(ts(until), ts(until), uuids(tokens))
        .update();
  }

  /** Hands executions back to the queue, runnable at once. */
  int releaseLeases(Collection<UUID> tokens, Instant now) {
    if (tokens.isEmpty()) {
      return 0;
    }
    return jdbc.sql(
            """
            update workflow_executions
            set lease_owner = null, lease_token = null, lease_until = null, run_at = ?
            where lease_token = any(?::uuid[]) and status = 'running'""")
        .params(ts(now), uuids(tokens))
        .update();
  }

  boolean hasActiveRun(UUID agentId) {
    return jdbc.sql(
            "select exists (select 1 from workflow_executions where agent_id = ?"
                + " and status in ('running', 'waiting_approval', 'paused'))")
        .param(agentId)
        .query(Boolean.class)
        .single();
  }

  List<Execution> ownedBy(String owner, ExecutionStatus status, UUID agentId, int limit) {
    StringBuilder sql =
        new StringBuilder("select " + COLUMNS + " from workflow_executions where owner = ?");
    List<Object> params = new ArrayList<>(List.of(owner));
    if (status != null) {
      sql.append(" and status = ?");
      params.add(status.wire());
    }
    if (agentId != null) {
      sql.append(" and agent_id = ?");
      params.add(agentId);
    }
    sql.append(" order by created_at desc, id limit ?");
    params.add(limit);
    return jdbc.sql(sql.toString()).params(params).query(this::map).list();
  }

  List<StepRecord> history(UUID executionId) {
    return jdbc.sql(
            "select step_index, step_id, status, started_at, finished_at, attempts, error"
                + " from step_history where execution_id = ? order by step_index")
        .param(executionId)
        .query(
            (rs, row) ->
                new StepRecord(
                    rs.getInt("step_index"),
                    rs.getString("step_id"),
                    StepStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                    instant(rs, "started_at"),
                    instant(rs, "finished_at"),
                    rs.getInt("attempts"),
                    rs.getString("error")))
        .list();
  }

  private static String state(Execution e) {
    return JSON.writeValueAsString(
        new State(
            e.status == ExecutionStatus.COMPLETED ? null : e.currentStepId(), e.completedSteps));
  }

  /** The stored {@code execution_state}, in the shape the dashboard reads. */
  record State(String currentStep, List<String> completedSteps) {}

  private Execution map(ResultSet rs, int row) throws SQLException {
    Execution e = new Execution();
    e.id = rs.getObject("id", UUID.class);
    e.agentId = rs.getObject("agent_id", UUID.class);
    e.agentName = rs.getString("agent_name");
    e.agentDescription = rs.getString("agent_description");
    e.owner = rs.getString("owner");
    e.mode =
        "scheduled".equals(rs.getString("mode")) ? ExecutionMode.SCHEDULED : ExecutionMode.MANUAL;
    e.trigger = "schedule".equals(rs.getString("trigger")) ? Trigger.SCHEDULE : Trigger.MANUAL;
    e.steps = PilotSteps.fromJson(rs.getString("pilot_steps"));
    e.status = ExecutionStatus.fromWire(rs.getString("status"));
    State state = JSON.readValue(rs.getString("execution_state"), State.class);
    e.completedSteps =
        new ArrayList<>(state.completedSteps() == null ? List.of() : state.completedSteps());
    e.nextStepIndex = rs.getInt("next_step_index");
    e.attempt = rs.getInt("attempt");
    e.failures = rs.getInt("failures");
    e.stepStartedAt = instant(rs, "step_started_at");
    e.lastError = rs.getString("last_error");
    e.eventSequence = rs.getLong("event_sequence");
    e.runAt = instant(rs, "run_at");
    e.leaseOwner = rs.getString("lease_owner");
    e.leaseToken = rs.getObject("lease_token", UUID.class);
    e.leaseUntil = instant(rs, "lease_until");
    e.pauseRequestedBy = rs.getString("pause_requested_by");
    e.approvalId = rs.getObject("approval_id", UUID.class);
    e.approvalExpiresAt = instant(rs, "approval_expires_at");
    String pending = rs.getString("pending_resolution");
    e.pendingResolution =
        pending == null
            ? null
            : (ApprovalResolved)
                codec
                    .readApprovalEvent(pending.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .orElse(null);
    String reason = rs.getString("failure_reason");
    e.failureReason =
        reason == null ? null : FailureReason.valueOf(reason.toUpperCase(Locale.ROOT));
    e.failureStepId = rs.getString("failure_step_id");
    e.failureError = rs.getString("failure_error");
    e.createdAt = instant(rs, "created_at");
    e.finishedAt = instant(rs, "finished_at");
    return e;
  }

  private static String[] uuids(Collection<UUID> ids) {
    return ids.stream().map(UUID::toString).toArray(String[]::new);
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }
}
