package dev.pilot.dashboard.projection;

import static dev.pilot.dashboard.SqlValues.strings;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.PilotEvent;
import dev.pilot.dashboard.running.Run;
import dev.pilot.dashboard.running.RunColumns;
import dev.pilot.dashboard.running.RunningExecution;
import dev.pilot.dashboard.running.RunningExecutions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Loads, locks and stores {@link ExecutionState} rows and {@link ApprovalTally} rows. Every
 * statement names its parameters; the columns of {@code executions} are listed once ({@link
 * RunColumns#COLUMNS} and {@link #REGISTERS}) and the writing statements are made from that list.
 */
@Repository
class ExecutionStates {

  /**
   * The columns of {@code executions} only the fold keeps (see {@link ExecutionState.Registers}).
   */
  static final List<String> REGISTERS =
      List.of(
          "viewers",
          "last_sequence_execution",
          "position_sequence",
          "completed_sequence",
          "approval_sequence",
          "resumed",
          "last_sequence_approval");

  private static final List<String> COLUMNS =
      Stream.concat(RunColumns.COLUMNS.stream(), REGISTERS.stream()).toList();

  /**
   * Rows are written with one multi-row upsert per batch ({@link MultiRow}); the live consumers
   * have created and locked them first, so it updates, and a rebuild past its bound inserts the
   * rows it never wrote.
   */
  private static final String UPSERT_HEAD =
      "insert into executions (" + String.join(", ", COLUMNS) + ", updated_at)";

  private static final String UPSERT_ROW =
      "("
          + COLUMNS.stream().map(RunColumns::parameter).collect(Collectors.joining(", "))
          + ", now())";

  private static final String UPSERT_TAIL =
      "on conflict (execution_id) do update set "
          + COLUMNS.stream()
              .filter(c -> !c.equals("execution_id"))
              .map(c -> c + " = excluded." + c)
              .collect(Collectors.joining(", "))
          + ", updated_at = now()";

  private static final List<String> TALLY_COLUMNS =
      List.of(
          "approval_id",
          "execution_id",
          "approvals",
          "rejections",
          "total_approvers",
          "outcome",
          "responders",
          "sequence",
          "escalated_approvers");

  private static final String TALLY_HEAD =
      "insert into approvals (" + String.join(", ", TALLY_COLUMNS) + ")";

  private static final String TALLY_ROW =
      "(" + TALLY_COLUMNS.stream().map(c -> ":" + c).collect(Collectors.joining(", ")) + ")";

  private static final String TALLY_TAIL =
      "on conflict (approval_id) do update set "
          + TALLY_COLUMNS.stream()
              .filter(c -> !c.equals("approval_id"))
              .map(c -> c + " = excluded." + c)
              .collect(Collectors.joining(", "));

  /** Stored in {@code approvals.outcome} for a resolution that named no outcome. */
  private static final String UNKNOWN_OUTCOME = "unknown";

  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate named;
  private final RunColumns runs;
  private final DataSource dataSource;
  private final RunningExecutions views;

  ExecutionStates(
      JdbcClient jdbc,
      NamedParameterJdbcTemplate named,
      RunColumns runs,
      DataSource dataSource,
      RunningExecutions views) {
    this.jdbc = jdbc;
    this.named = named;
    this.runs = runs;
    this.dataSource = dataSource;
    this.views = views;
  }

  /** The events of a batch seen for the first time, and the rows of their executions, locked. */
  record Fresh(Set<UUID> eventIds, Map<UUID, ExecutionState> rows) {}

  /**
   * A live batch's first statement: remembers the events in the inbox, and for those seen for the
   * first time creates their executions' missing rows and locks the existing ones, returning both
   * as stored. One round trip instead of two, and a lock that writes no row version: the existing
   * rows are locked {@code for update} (in id order), where {@link #lock}'s no-op update wrote a
   * new version of every row (and ran the rows' update trigger) each batch. An event applied before
   * locks nothing and creates no row (its run may have been pruned since).
   *
   * <p>A row another transaction inserts (or deletes) while this statement runs is not in its
   * snapshot, so neither part returns it; those few are then locked by {@link #lock}, a second
   * statement with a fresh snapshot.
   */
  Fresh lockFresh(String consumer, List<? extends PilotEvent> events) {
    Map<UUID, UUID> executionOf = new LinkedHashMap<>();
    events.forEach(e -> executionOf.putIfAbsent(e.eventId(), e.executionId()));
    Set<UUID> fresh = new HashSet<>();
    Map<UUID, ExecutionState> states = new HashMap<>();
    jdbc.sql(
            """
            with fresh as (
              insert into processed_events (consumer, event_id)
              select :consumer, unnest(cast(:event_ids as uuid[])) on conflict do nothing
              returning event_id),
            targets as materialized (
              select distinct batch.execution_id
                from unnest(cast(:event_ids as uuid[]), cast(:execution_ids as uuid[]))
                  as batch (event_id, execution_id)
                join fresh using (event_id)),
            created as (
              insert into executions (execution_id)
              select execution_id from targets order by execution_id
              on conflict do nothing
              returning *),
            stored as (
              select * from executions where execution_id in (select execution_id from targets)
              order by execution_id for update)
            select null::uuid as fresh_event, created.* from created
            union all select null, stored.* from stored
            union all select fresh.event_id, none.* from fresh left join executions none on false
            """)
        .param("consumer", consumer)
        .param("event_ids", ids(executionOf.keySet()))
        .param("execution_ids", ids(executionOf.values()))
        .query(
            rs -> {
              UUID event = rs.getObject("fresh_event", UUID.class);
              if (event != null) {
                fresh.add(event);
              } else {
                ExecutionState state = state(rs);
                states.put(state.executionId(), state);
              }
            });
    Set<UUID> missing = new LinkedHashSet<>();
    executionOf.forEach(
        (event, execution) -> {
          if (fresh.contains(event) && !states.containsKey(execution)) {
            missing.add(execution);
          }
        });
    if (!missing.isEmpty()) {
      states.putAll(lock(missing));
    }
    return new Fresh(fresh, states);
  }

  /**
   * The executions' states, row-locked until the transaction ends (created empty if absent), with
   * one statement: the upsert's no-op update locks an existing row (also one another batch inserts
   * at the same moment: the conflict waits for it) and returns it as stored. Rows are created and
   * locked in execution id order, so concurrent batches never deadlock.
   */
  Map<UUID, ExecutionState> lock(Collection<UUID> executionIds) {
    Map<UUID, ExecutionState> states = new HashMap<>();
    jdbc.sql(
            """
            insert into executions (execution_id) select id from unnest(cast(:ids as uuid[])) id
              order by id
            on conflict (execution_id) do update set execution_id = excluded.execution_id
            returning *
            """)
        // Distinct: an upsert may not touch the same row twice.
        .param("ids", ids(new LinkedHashSet<>(executionIds)))
        .query((rs, n) -> state(rs))
        .list()
        .forEach(s -> states.put(s.executionId(), s));
    return states;
  }

  /**
   * The executions' states as stored, unlocked, and an empty state for each one not stored yet: for
   * a replay, the only writer while it runs.
   */
  Map<UUID, ExecutionState> load(Collection<UUID> executionIds) {
    Map<UUID, ExecutionState> states = new HashMap<>();
    jdbc.sql("select * from executions where execution_id = any(cast(:ids as uuid[]))")
        .param("ids", ids(executionIds))
        .query((rs, n) -> state(rs))
        .list()
        .forEach(s -> states.put(s.executionId(), s));
    executionIds.forEach(id -> states.computeIfAbsent(id, ExecutionState::empty));
    return states;
  }

  /**
   * Writes the states back with one statement (per {@link MultiRow#MAX_ROWS} rows): an upsert,
   * which updates the rows a live batch {@link #lock}ed and inserts those a replay never wrote.
   */
  void save(List<ExecutionState> states, Map<UUID, Set<String>> viewers) {
    MultiRow.write(
        named,
        UPSERT_HEAD,
        UPSERT_ROW,
        UPSERT_TAIL,
        states.stream().map(s -> row(s, viewers.get(s.executionId()))).toList());
  }

  /**
   * As {@link #save(List, Map)}, and returns the rows' cards as written, in the same statement (the
   * upsert in a CTE, its {@code returning *} joined with the tallies), instead of a select of the
   * cards after it. The cards' average durations are null: see {@link RunningExecutions#cardsOf}.
   */
  Map<UUID, RunningExecution> saveAndView(
      List<ExecutionState> states, Map<UUID, Set<String>> viewers) {
    Map<UUID, RunningExecution> cards = new HashMap<>();
    MultiRow.query(
            named,
            "with written as (" + UPSERT_HEAD,
            UPSERT_ROW,
            UPSERT_TAIL + " returning *) " + RunningExecutions.cardsOf("written"),
            states.stream().map(s -> row(s, viewers.get(s.executionId()))).toList(),
            views.cardMapper())
        .forEach(card -> cards.put(card.executionId(), card));
    return cards;
  }

  /**
   * Inserts rows that do not exist yet with one {@code COPY} (a rebuild's bulk write; {@code
   * updated_at} takes its default).
   */
  void copy(List<ExecutionState> states, Map<UUID, Set<String>> viewers) {
    CopyRows.copy(
        dataSource, "executions", COLUMNS, states, s -> row(s, viewers.get(s.executionId())));
  }

  /** Inserts tallies that do not exist yet with one {@code COPY}. */
  void copy(Collection<ApprovalTally> tallies) {
    CopyRows.copy(
        dataSource, "approvals", TALLY_COLUMNS, List.copyOf(tallies), ExecutionStates::tallyRow);
  }

  private MapSqlParameterSource row(ExecutionState state, Set<String> viewers) {
    ExecutionState.Registers r = state.registers();
    return runs.values(state.run())
        .addValue("viewers", viewers.toArray(String[]::new))
        .addValue("last_sequence_execution", r.status(), Types.BIGINT)
        .addValue("position_sequence", r.position(), Types.BIGINT)
        .addValue("completed_sequence", r.completed(), Types.BIGINT)
        .addValue("approval_sequence", r.approval(), Types.BIGINT)
        .addValue("resumed", r.resumed(), Types.BOOLEAN)
        .addValue("last_sequence_approval", r.approvalTopic(), Types.BIGINT);
  }

  private ExecutionState state(ResultSet rs) throws SQLException {
    Run run = runs.read(rs);
    return ExecutionState.stored(
        run,
        new ExecutionState.Registers(
            rs.getLong("last_sequence_execution"),
            rs.getLong("position_sequence"),
            rs.getLong("completed_sequence"),
            rs.getLong("approval_sequence"),
            rs.getBoolean("resumed"),
            rs.getLong("last_sequence_approval")));
  }

  /** The tallies of these approvals that exist, by approval id. */
  Map<UUID, ApprovalTally> tallies(Collection<UUID> approvalIds) {
    Map<UUID, ApprovalTally> tallies = new HashMap<>();
    if (approvalIds.isEmpty()) {
      return tallies;
    }
    jdbc.sql("select * from approvals where approval_id = any(cast(:ids as uuid[]))")
        .param("ids", ids(approvalIds))
        .query((rs, n) -> tally(rs))
        .list()
        .forEach(t -> tallies.put(t.approvalId(), t));
    return tallies;
  }

  private static ApprovalTally tally(ResultSet rs) throws SQLException {
    String outcome = rs.getString("outcome");
    return new ApprovalTally(
        rs.getObject("approval_id", UUID.class),
        rs.getObject("execution_id", UUID.class),
        rs.getInt("approvals"),
        rs.getInt("rejections"),
        rs.getInt("total_approvers"),
        outcome == null || outcome.equals(UNKNOWN_OUTCOME)
            ? null
            : ApprovalOutcome.valueOf(outcome.toUpperCase(Locale.ROOT)),
        outcome != null,
        strings(rs.getArray("responders")),
        rs.getLong("sequence"),
        strings(rs.getArray("escalated_approvers")));
  }

  /** Inserts or replaces the tallies, one statement ({@link MultiRow}). */
  void save(Collection<ApprovalTally> tallies) {
    MultiRow.write(
        named,
        TALLY_HEAD,
        TALLY_ROW,
        TALLY_TAIL,
        tallies.stream().map(ExecutionStates::tallyRow).toList());
  }

  private static MapSqlParameterSource tallyRow(ApprovalTally t) {
    String outcome =
        !t.resolved()
            ? null
            : t.outcome() == null ? UNKNOWN_OUTCOME : t.outcome().name().toLowerCase(Locale.ROOT);
    return new MapSqlParameterSource()
        .addValue("approval_id", t.approvalId(), Types.OTHER)
        .addValue("execution_id", t.executionId(), Types.OTHER)
        .addValue("approvals", t.approvals(), Types.INTEGER)
        .addValue("rejections", t.rejections(), Types.INTEGER)
        .addValue("total_approvers", t.totalApprovers(), Types.INTEGER)
        .addValue("outcome", outcome, Types.VARCHAR)
        .addValue("responders", t.responders().toArray(String[]::new))
        .addValue("sequence", t.sequence(), Types.BIGINT)
        .addValue("escalated_approvers", t.escalatedApprovers().toArray(String[]::new));
  }

  /**
   * Forgets the whole read model; the change feed and the inbox stay. The agents' durations go with
   * the runs they sum (their triggers do not see a truncate).
   */
  void clear() {
    jdbc.sql("truncate executions, approvals, agent_durations").update();
  }

  private static String[] ids(Collection<UUID> ids) {
    return ids.stream().map(UUID::toString).toArray(String[]::new);
  }
}
