package dev.pilot.dashboard.running;

import static dev.pilot.dashboard.SqlValues.strings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads the read model as cards: blocking JDBC, call it off the event loop. */
@Repository
public class RunningExecutions {

  /** The run's columns and its tally's, of rows {@code e} joined with {@code approvals a}. */
  private static final String CARD_COLUMNS =
      """
      e.*, a.approvals as tally_approvals, a.rejections as tally_rejections,
        a.total_approvers as tally_total, a.outcome as tally_outcome,
        a.responders as tally_responders, a.escalated_approvers as tally_escalated      """;

  private static final String VIEW =
      "select "
          + CARD_COLUMNS
          + """
          , round(d.total_ms::numeric / nullif(d.completed, 0)) as average_duration_ms
          from executions e left join approvals a on a.approval_id = e.approval_id
            left join agent_durations d on d.agent_id = e.agent_id
          """;

  /**
   * A query of the cards of the rows that {@code source} (a CTE of the same statement, e.g. an
   * upsert's {@code returning *}) holds, without the agent's average duration: the agents'
   * durations are kept by the rows' triggers, which run only when that statement ends, so a later
   * statement reads it ({@link #averageDuration}). Map its rows with {@link #cardMapper}.
   */
  public static String cardsOf(String source) {
    return "select "
        + CARD_COLUMNS
        + ", cast(null as numeric) as average_duration_ms from "
        + source
        + " e left join approvals a on a.approval_id = e.approval_id";
  }

  /**
   * An expression of the average duration of the agent {@code agentId} (an SQL expression) as a
   * card shows it.
   */
  public static String averageDuration(String agentId) {
    return "(select round(d.total_ms::numeric / nullif(d.completed, 0)) from agent_durations d"
        + " where d.agent_id = "
        + agentId
        + ")";
  }

  /** The card's field that {@link #averageDuration} fills. */
  public static final String AVERAGE_DURATION = "average_duration_ms";

  private final JdbcClient jdbc;
  private final RunColumns columns;

  RunningExecutions(JdbcClient jdbc, RunColumns columns) {
    this.jdbc = jdbc;
    this.columns = columns;
  }

  public Optional<RunningExecution> view(UUID executionId) {
    return jdbc.sql(VIEW + " where e.execution_id = :id")
        .param("id", executionId)
        .query((rs, n) -> card(rs))
        .optional();
  }

  /** The cards of these executions, by execution id (one query). */
  public Map<UUID, RunningExecution> views(Collection<UUID> executionIds) {
    Map<UUID, RunningExecution> views = new HashMap<>();
    jdbc.sql(VIEW + " where e.execution_id = any(cast(:ids as uuid[]))")
        .param("ids", executionIds.stream().map(UUID::toString).toArray(String[]::new))
        .query((rs, n) -> card(rs))
        .list()
        .forEach(v -> views.put(v.executionId(), v));
    return views;
  }

  /** The user's running executions, newest first, and how many there are in all. */
  public RunningSnapshot snapshot(String user, int limit) {
    List<RunningExecution> rows =
        jdbc.sql(
                VIEW
                    + " where e.viewers @> array[:user]::text[] and e.status in ("
                    + RunStatus.activeSqlList()
                    + ") order by e.created_at desc nulls last limit :limit")
            .param("user", user)
            .param("limit", limit)
            .query((rs, n) -> card(rs))
            .list();
    long total =
        rows.size() < limit
            ? rows.size()
            : jdbc.sql("select count(*) from executions where viewers @> array[:user]::text[]")
                .param("user", user)
                .query(Long.class)
                .single();
    return new RunningSnapshot(rows, total, limit);
  }

  /** Executions the user owned or was asked to approve that ended, most recent first. */
  public List<RunningExecution> finishedFor(String user, int limit) {
    return jdbc.sql(
            VIEW
                + " where (e.owner = :user or e.approvers @> array[:user]::text[])"
                + " and e.status in ("
                + RunStatus.finishedSqlList()
                + ") order by e.finished_at desc nulls last limit :limit")
        .param("user", user)
        .param("limit", limit)
        .query((rs, n) -> card(rs))
        .list();
  }

  /** Reads a card from a row of {@link #cardsOf} (or of the view). */
  public RowMapper<RunningExecution> cardMapper() {
    return (rs, n) -> card(rs);
  }

  private RunningExecution card(ResultSet rs) throws SQLException {
    Number average = (Number) rs.getObject("average_duration_ms");
    return RunningExecution.of(
        columns.read(rs), answers(rs), average == null ? null : average.longValue());
  }

  /** The joined tally of the run's latest approval, or null when none is stored. */
  private static RunningExecution.Answers answers(ResultSet rs) throws SQLException {
    if (rs.getObject("tally_total") == null) {
      return null;
    }
    return new RunningExecution.Answers(
        rs.getInt("tally_approvals"),
        rs.getInt("tally_rejections"),
        rs.getInt("tally_total"),
        strings(rs.getArray("tally_responders")),
        rs.getString("tally_outcome") != null,
        strings(rs.getArray("tally_escalated")));
  }
}
