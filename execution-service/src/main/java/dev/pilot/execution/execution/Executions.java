package dev.pilot.execution.execution;

import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.FailureReason;
import dev.pilot.contracts.StepStatus;
import dev.pilot.contracts.Topics;
import dev.pilot.contracts.Trigger;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.execution.agent.PilotSteps;
import dev.pilot.execution.execution.model.AwaitedApproval;
import dev.pilot.execution.execution.model.Execution;
import dev.pilot.execution.execution.model.ExecutionStatus;
import dev.pilot.execution.execution.model.Failure;
import dev.pilot.execution.execution.model.Progress;
import dev.pilot.execution.execution.model.QueueEntry;
import dev.pilot.execution.execution.model.RunPlan;
import dev.pilot.execution.execution.model.StepRecord;
import dev.pilot.execution.execution.model.Transition;
import dev.pilot.platform.events.EventCodec;
import dev.pilot.platform.outbox.GuardedChange;
import dev.pilot.platform.outbox.Outbox;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stored executions. {@link #save} and its variants write an execution's new state together with
 * what its transition caused — finished steps, events (through the outbox), the wake-up of the
 * workers when it became runnable — as one statement in the caller's transaction.
 *
 * <p>Every column of {@code workflow_executions} is named once below, grouped as the aggregate's
 * parts; its parameter carries the column's name.
 */
@Repository
class Executions {

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  /** What the run is: written once. {@code approvers} is derived, for who may read the run. */
  private static final Columns PLAN =
      Columns.of(
          "id",
          "agent_id",
          "agent_name",
          "agent_description",
          "owner",
          "mode",
          "trigger",
          "pilot_steps::jsonb",
          "approvers",
          "created_at",
          "traceparent");

  /** Where it stands: rewritten by every transition. */
  private static final Columns PROGRESS =
      Columns.of(
          "status",
          "execution_state::jsonb",
          "next_step_index",
          "attempt",
          "failures",
          "step_started_at",
          "last_error",
          "event_sequence",
          "pause_requested_by",
          "approval_id",
          "approval_expires_at",
          "pending_resolution::jsonb",
          "failure_reason",
          "failure_step_id",
          "failure_error",
          "finished_at",
          "waiting_until");

  /** Its place in the work queue: left alone by a worker's transition that keeps the lease. */
  private static final Columns QUEUE =
      Columns.of("run_at", "lease_owner", "lease_token", "lease_until");

  private static final Columns ALL = PLAN.and(PROGRESS).and(QUEUE);

  private static final String SELECT = "select " + ALL.names() + " from workflow_executions";

  private static final String INSERT =
      "insert into workflow_executions ("
          + ALL.names()
          + ") values ("
          + ALL.placeholders()
          + ") returning id";

  private static final String UPDATE =
      "update workflow_executions set " + PROGRESS.and(QUEUE).assignments();

  /**
   * Changes no indexed column: with the row's page not full, PostgreSQL updates it in place (HOT).
   */
  private static final String UPDATE_KEEPING_LEASE =
      "update workflow_executions set " + PROGRESS.assignments();

  /** A worker's guard: nobody paused, cancelled or took over the run since it claimed it. */
  private static final String UNDISTURBED =
      " where id = :id and lease_token = :held_token and status = 'running'"
          + " and pause_requested_by is null returning id";

  /** The error code of {@code refuse_start_over_active_limit} (migration V7_5). */
  private static final String START_REFUSED = "PA429";

  /** The statements' changes, built once: a statement's text is looked up by them on every call. */
  private static final String SAVE = UPDATE + " where id = :id returning id";

  private static final String SAVE_KEEPING_LEASE_IF_UNDISTURBED =
      UPDATE_KEEPING_LEASE + UNDISTURBED;

  private static final String SAVE_IF_UNDISTURBED = UPDATE + UNDISTURBED;

  private static final String RECORD_STEPS =
      """
      insert into step_history (execution_id, step_index, step_id, status, started_at,
                                finished_at, attempts, error)
      select changed.id, step.* from changed cross join unnest(:history_indexes::int[],
          :history_ids::text[], :history_statuses::text[], :history_started_at::timestamptz[],
          :history_finished_at::timestamptz[], :history_attempts::int[], :history_errors::text[])
        as step (step_index, step_id, status, started_at, finished_at, attempts, error)""";

  private static final String SAVE_INPUTS =
      """
      insert into execution_inputs (execution_id, inputs)
      select changed.id, cast(:inputs_json as jsonb) from changed""";

  /** A step that runs again after a crash or a lost lease replaces its earlier output. */
  private static final String SAVE_OUTPUT =
      """
      insert into step_outputs (execution_id, step_id, output)
      select changed.id, :output_step_id, cast(:output_json as jsonb) from changed
      on conflict (execution_id, step_id) do update set output = excluded.output""";

  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate batch;
  private final Outbox outbox;
  private final EventCodec codec;
  private final WorkSignal signal;
  private final StopSignal stops;
  private final RunDataApprovals approvals;
  private final ExecutionMetrics metrics;

  Executions(
      JdbcClient jdbc,
      NamedParameterJdbcTemplate batch,
      Outbox outbox,
      EventCodec codec,
      WorkSignal signal,
      StopSignal stops,
      RunDataApprovals approvals,
      ExecutionMetrics metrics) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.outbox = outbox;
    this.codec = codec;
    this.signal = signal;
    this.stops = stops;
    this.approvals = approvals;
    this.metrics = metrics;
  }

  /**
   * Stores a new run with the inputs it was started with and what starting it caused, unless its
   * owner then has more than {@code activeLimit} active runs (this one included): false then, and
   * the statement failed, so nothing of it is written (in autocommit) or the caller's transaction
   * must roll back. The owner's start lock ({@code lock_owner_and_count_active}) is taken by the
   * same statement after the row is written and held until the transaction ends (in autocommit: the
   * statement's end), so the count sees every start committed before the lock was granted and none
   * can slip in between count and commit.
   */
  boolean insert(Execution e, Transition started, Map<String, Object> inputs, int activeLimit) {
    Map<String, Object> params = planParams(e);
    params.putAll(progressParams(e));
    params.putAll(queueParams(e));
    GuardedChange statement =
        GuardedChange.of(INSERT, params)
            .with(SAVE_INPUTS, Map.of("inputs_json", PilotSteps.toJsonValue(inputs)))
            .requiring(
                "case when lock_owner_and_count_active(:owner) <= :active_limit then true"
                    + " else refuse_start_over_active_limit(:owner, :active_limit) end",
                Map.of("active_limit", activeLimit));
    try {
      return write(e, statement, started, null) != GuardedChange.REFUSED;
    } catch (DataAccessException failed) {
      if (NestedExceptionUtils.getMostSpecificCause(failed) instanceof SQLException sql
          && START_REFUSED.equals(sql.getSQLState())) {
        return false;
      }
      throw failed;
    }
  }

  /** Writes the execution's state and what its transition caused; the row must be locked. */
  void save(Execution e, Transition transition) {
    save(e, transition, null);
  }

  /** The same, with the output of the step the transition finished (null: none). */
  void save(Execution e, Transition transition, StepOutput output) {
    write(e, SAVE, stateParams(e), transition, output);
  }

  /**
   * A worker's save that needs no lock beforehand: it writes only if the run is still running under
   * {@code token} with no pause requested (then nobody else has changed it since the claim). False,
   * with nothing written, no event queued and nobody woken, otherwise.
   */
  boolean saveIfUndisturbed(Execution e, Transition transition, UUID token) {
    return saveIfUndisturbed(e, transition, token, null);
  }

  /**
   * The same, with the output of the step the transition finished (null: none), kept in the same
   * statement: an output is stored exactly when its step's success is, and costs no commit of its
   * own.
   */
  boolean saveIfUndisturbed(Execution e, Transition transition, UUID token, StepOutput output) {
    Map<String, Object> params = progressParams(e);
    params.put("held_token", token);
    if (e.heldBy(token)) {
      // Still this worker's: the lease columns stay as the renewer keeps them.
      return write(e, SAVE_KEEPING_LEASE_IF_UNDISTURBED, params, transition, output) == 1;
    }
    params.putAll(queueParams(e));
    return write(e, SAVE_IF_UNDISTURBED, params, transition, output) == 1;
  }

  /**
   * Writes claimed executions (locked, none finished a step): all but the last in one JDBC batch,
   * then the last with every claimed run's StepStarted in one statement.
   */
  void saveClaimed(List<Execution> claimed, List<ExecutionEvent> events) {
    saveClaimed(claimed, events, null);
  }

  /**
   * As above; {@code traceparents[i]} is the trace context of {@code events.get(i)} (its
   * execution's), or the list is null when tracing is off.
   */
  void saveClaimed(
      List<Execution> claimed, List<ExecutionEvent> events, List<String> traceparents) {
    if (claimed.isEmpty()) {
      return;
    }
    int last = claimed.size() - 1;
    SqlParameterSource[] rows = new SqlParameterSource[last];
    for (int i = 0; i < last; i++) {
      rows[i] = new MapSqlParameterSource(stateParams(claimed.get(i)));
    }
    if (last > 0) {
      batch.batchUpdate(UPDATE + " where id = :id", rows);
    }
    GuardedChange lastRow = GuardedChange.of(SAVE, stateParams(claimed.get(last)));
    if (!events.isEmpty()) {
      lastRow.publishing(
          traceparents == null
              ? outbox.rows(Topics.EXECUTION_EVENTS, events)
              : outbox.rows(Topics.EXECUTION_EVENTS, events, traceparents));
    }
    lastRow.execute(jdbc);
  }

  /** The progress and queue columns and {@code id}: the whole state a transition may change. */
  private Map<String, Object> stateParams(Execution e) {
    Map<String, Object> params = progressParams(e);
    params.putAll(queueParams(e));
    return params;
  }

  private int write(
      Execution e,
      String change,
      Map<String, Object> params,
      Transition transition,
      StepOutput output) {
    return write(e, GuardedChange.of(change, params), transition, output);
  }

  /**
   * One statement, one round trip: the execution row and, only if it was written, its finished
   * steps, its events and — if it became runnable — the NOTIFY that wakes other instances, or — if
   * it took the run from a worker mid-step — the NOTIFY that makes that worker stop, wherever it
   * runs (a transition never does both). Returns the number of execution rows written, or {@link
   * GuardedChange#REFUSED}.
   */
  private int write(
      Execution e, GuardedChange statement, Transition transition, StepOutput output) {
    if (!transition.finishedSteps().isEmpty()) {
      statement.with(RECORD_STEPS, stepParams(transition.finishedSteps()));
    }
    if (output != null) {
      statement.with(
          SAVE_OUTPUT, Map.of("output_step_id", output.stepId(), "output_json", output.json()));
    }
    if (!transition.events().isEmpty()) {
      statement.publishing(outbox.rows(Topics.EXECUTION_EVENTS, transition.events()));
    }
    if (transition.becameRunnable()) {
      statement.notifying(signal.channel());
    } else if (transition.stopsWorker()) {
      statement.notifying(stops.channel());
    }
    int rows = statement.execute(jdbc);
    if (rows > 0 && transition.becameRunnable()) {
      wakeAfterCommit();
    }
    if (rows > 0) {
      metrics.written(e, transition);
    }
    return rows;
  }

  private Map<String, Object> planParams(Execution e) {
    RunPlan plan = e.plan();
    Map<String, Object> params = new HashMap<>();
    params.put("agent_id", plan.agentId());
    params.put("agent_name", plan.agentName());
    params.put("agent_description", plan.agentDescription());
    params.put("owner", plan.owner());
    params.put("mode", plan.mode() == ExecutionMode.SCHEDULED ? "scheduled" : "manual");
    params.put("trigger", plan.trigger() == Trigger.SCHEDULE ? "schedule" : "manual");
    params.put("pilot_steps", PilotSteps.toJson(plan.steps()));
    params.put("approvers", plan.approvers().toArray(String[]::new));
    params.put("created_at", ts(plan.createdAt()));
    params.put("traceparent", plan.traceparent());
    return params;
  }

  /** The progress columns and {@code id}, which every statement names. */
  private Map<String, Object> progressParams(Execution e) {
    Progress progress = e.progress();
    AwaitedApproval awaited = e.awaitedApproval();
    Failure failure = e.failure();
    Map<String, Object> params = new HashMap<>();
    params.put("id", e.id());
    params.put("status", progress.status().wire());
    params.put("execution_state", state(e));
    params.put("next_step_index", progress.nextStepIndex());
    params.put("attempt", progress.attempt());
    params.put("failures", progress.failures());
    params.put("step_started_at", ts(progress.stepStartedAt()));
    params.put("last_error", progress.lastError());
    params.put("event_sequence", progress.eventSequence());
    params.put("pause_requested_by", progress.pauseRequestedBy());
    params.put("approval_id", awaited == null ? null : awaited.approvalId());
    params.put("approval_expires_at", awaited == null ? null : ts(awaited.expiresAt()));
    params.put(
        "pending_resolution",
        awaited == null || awaited.pending() == null ? null : codec.write(awaited.pending()));
    params.put(
        "failure_reason",
        failure == null ? null : failure.reason().name().toLowerCase(Locale.ROOT));
    params.put("failure_step_id", failure == null ? null : failure.stepId());
    params.put("failure_error", failure == null ? null : failure.error());
    params.put("finished_at", ts(progress.finishedAt()));
    params.put("waiting_until", ts(progress.waitingUntil()));
    return params;
  }

  private static Map<String, Object> queueParams(Execution e) {
    QueueEntry queue = e.queue();
    Map<String, Object> params = new HashMap<>();
    params.put("run_at", ts(queue.runAt()));
    params.put("lease_owner", queue.leaseOwner());
    params.put("lease_token", queue.leaseToken());
    params.put("lease_until", ts(queue.leaseUntil()));
    return params;
  }

  /** One array per step_history column, one element per finished step. */
  private static Map<String, Object> stepParams(List<StepRecord> steps) {
    int n = steps.size();
    int[] indexes = new int[n];
    String[] ids = new String[n];
    String[] statuses = new String[n];
    String[] startedAt = new String[n];
    String[] finishedAt = new String[n];
    int[] attempts = new int[n];
    String[] errors = new String[n];
    for (int i = 0; i < n; i++) {
      StepRecord step = steps.get(i);
      indexes[i] = step.stepIndex();
      ids[i] = step.stepId();
      statuses[i] = step.status().name().toLowerCase(Locale.ROOT);
      startedAt[i] = step.startedAt() == null ? null : step.startedAt().toString();
      finishedAt[i] = step.finishedAt().toString();
      attempts[i] = step.attempts();
      errors[i] = step.error();
    }
    return Map.of(
        "history_indexes", indexes,
        "history_ids", ids,
        "history_statuses", statuses,
        "history_started_at", startedAt,
        "history_finished_at", finishedAt,
        "history_attempts", attempts,
        "history_errors", errors);
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
    return jdbc.sql(SELECT + " where id = :id").param("id", id).query(this::map).optional();
  }

  Optional<Execution> lock(UUID id) {
    return jdbc.sql(SELECT + " where id = :id for update")
        .param("id", id)
        .query(this::map)
        .optional();
  }

  /**
   * Records the event in the consumer's inbox (platform's {@code processed_events}) and locks the
   * execution, in one statement: empty when the consumer has seen the event before (the row is
   * locked all the same, and nothing else happens), else the execution, if there is one.
   */
  Optional<Optional<Execution>> lockOnFirstDelivery(String consumer, UUID eventId, UUID id) {
    return jdbc.sql(
            "with inbox as (insert into processed_events (consumer, event_id)"
                + " values (:consumer, :event_id) on conflict do nothing returning event_id)"
                + " select (select count(*) from inbox) as first_delivery, run.*"
                + " from (select 1) as one left join ("
                + SELECT
                + " where id = :id for update) as run on true")
        .param("consumer", consumer)
        .param("event_id", eventId)
        .param("id", id)
        .query(
            (rs, row) ->
                rs.getInt("first_delivery") == 0
                    ? Optional.<Optional<Execution>>empty()
                    : Optional.of(
                        rs.getObject("id") == null
                            ? Optional.<Execution>empty()
                            : Optional.of(map(rs, row))))
        .single();
  }

  /** Running executions whose time has come (new, retrying, or an expired lease), locked. */
  List<Execution> lockRunnable(Instant now, int limit) {
    return jdbc.sql(
            SELECT
                + " where status = 'running' and run_at <= :now"
                + " order by run_at limit :limit for update skip locked")
        .param("now", ts(now))
        .param("limit", limit)
        .query(this::map)
        .list();
  }

  /** Whether {@link #lockRunnable} would find a run: one statement, no lock, no transaction. */
  boolean anyRunnable(Instant now) {
    return jdbc.sql(
            "select exists (select 1 from workflow_executions"
                + " where status = 'running' and run_at <= :now)")
        .param("now", ts(now))
        .query(Boolean.class)
        .single();
  }

  /** Runs waiting for an approval requested before {@code before}, oldest first. */
  List<ApprovalResolutions.Awaiting> awaitingApprovalSince(Instant before, int limit) {
    return jdbc.sql(
            "select id, approval_id, step_started_at from workflow_executions"
                + " where status = 'waiting_approval' and approval_expires_at is not null"
                + " and step_started_at <= :before order by step_started_at limit :limit")
        .param("before", ts(before))
        .param("limit", limit)
        .query(
            (rs, row) ->
                new ApprovalResolutions.Awaiting(
                    rs.getObject("id", UUID.class),
                    rs.getObject("approval_id", UUID.class),
                    instant(rs, "step_started_at")))
        .list();
  }

  /**
   * Takes the owner's start lock, held until the transaction ends, and then counts their active
   * runs (this transaction's own included): one round trip, through {@code
   * lock_owner_and_count_active}, whose count sees every start committed before the lock was
   * granted.
   */
  int lockOwnerAndCountActive(String owner) {
    return jdbc.sql("select lock_owner_and_count_active(:owner)")
        .param("owner", owner)
        .query(Integer.class)
        .single();
  }

  boolean hasActiveRun(UUID agentId) {
    return jdbc.sql(
            "select exists (select 1 from workflow_executions where agent_id = :agent_id"
                + " and status in ('running', 'waiting_approval', 'paused'))")
        .param("agent_id", agentId)
        .query(Boolean.class)
        .single();
  }

  List<Execution> ownedBy(String owner, ExecutionStatus status, UUID agentId, int limit) {
    StringBuilder sql = new StringBuilder(SELECT + " where owner = :owner");
    Map<String, Object> params = new HashMap<>();
    params.put("owner", owner);
    params.put("limit", limit);
    if (status != null) {
      sql.append(" and status = :status");
      params.put("status", status.wire());
    }
    if (agentId != null) {
      sql.append(" and agent_id = :agent_id");
      params.put("agent_id", agentId);
    }
    sql.append(" order by created_at desc, id limit :limit");
    return jdbc.sql(sql.toString()).params(params).query(this::map).list();
  }

  List<StepRecord> history(UUID executionId) {
    return jdbc.sql(
            "select step_index, step_id, status, started_at, finished_at, attempts, error"
                + " from step_history where execution_id = :id order by step_index")
        .param("id", executionId)
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
            e.status() == ExecutionStatus.COMPLETED ? null : e.currentStepId(),
            e.progress().completedSteps()));
  }

  /** The stored {@code execution_state}, in the shape the dashboard reads. */
  record State(String currentStep, List<String> completedSteps) {}

  private Execution map(ResultSet rs, int row) throws SQLException {
    RunPlan plan =
        new RunPlan(
            rs.getObject("id", UUID.class),
            rs.getObject("agent_id", UUID.class),
            rs.getString("agent_name"),
            rs.getString("agent_description"),
            rs.getString("owner"),
            "scheduled".equals(rs.getString("mode"))
                ? ExecutionMode.SCHEDULED
                : ExecutionMode.MANUAL,
            "schedule".equals(rs.getString("trigger")) ? Trigger.SCHEDULE : Trigger.MANUAL,
            PilotSteps.fromJson(rs.getString("pilot_steps")),
            instant(rs, "created_at"),
            rs.getString("traceparent"));
    State state = JSON.readValue(rs.getString("execution_state"), State.class);
    Progress progress =
        new Progress(
            ExecutionStatus.fromWire(rs.getString("status")),
            rs.getInt("next_step_index"),
            state.completedSteps() == null ? List.of() : state.completedSteps(),
            rs.getInt("attempt"),
            rs.getInt("failures"),
            instant(rs, "step_started_at"),
            rs.getString("last_error"),
            rs.getLong("event_sequence"),
            rs.getString("pause_requested_by"),
            instant(rs, "finished_at"),
            instant(rs, "waiting_until"));
    QueueEntry queue =
        new QueueEntry(
            instant(rs, "run_at"),
            rs.getString("lease_owner"),
            rs.getObject("lease_token", UUID.class),
            instant(rs, "lease_until"));
    UUID approvalId = rs.getObject("approval_id", UUID.class);
    AwaitedApproval awaited =
        approvalId == null
            ? null
            : new AwaitedApproval(
                approvalId,
                instant(rs, "approval_expires_at"),
                pendingResolution(rs.getString("pending_resolution")));
    String reason = rs.getString("failure_reason");
    Failure failure =
        reason == null
            ? null
            : new Failure(
                FailureReason.valueOf(reason.toUpperCase(Locale.ROOT)),
                rs.getString("failure_step_id"),
                rs.getString("failure_error"));
    return Execution.restore(plan, progress, queue, awaited, failure)
        .resolvingApprovalsWith(approvals.fromStoredData());
  }

  private ApprovalResolved pendingResolution(String json) {
    return json == null
        ? null
        : (ApprovalResolved)
            codec.readApprovalEvent(json.getBytes(StandardCharsets.UTF_8)).orElse(null);
  }

  static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }
}
