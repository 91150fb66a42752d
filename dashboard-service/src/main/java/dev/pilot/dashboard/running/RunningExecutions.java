package dev.pilot.dashboard.running;

import static dev.pilot.dashboard.SqlValues.instant;
import static dev.pilot.dashboard.SqlValues.strings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the read model as cards: blocking JDBC, call it off the event loop. */
@Repository
public class RunningExecutions {

  private static final String VIEW =
      """
      select e.*, a.approvals as tally_approvals, a.rejections as tally_rejections,
        a.total_approvers as tally_total, a.outcome as approval_outcome,
        a.responders as tally_responders,
        (select round(avg(c.duration_ms)) from executions c
          where c.agent_id = e.agent_id and c.status = 'completed') as average_duration_ms
      from executions e left join approvals a on a.approval_id = e.approval_id
      """;

  private final JdbcClient jdbc;
  private final JsonMapper json;

  RunningExecutions(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public Optional<RunningExecution> view(UUID executionId) {
    return jdbc.sql(VIEW + " where e.execution_id = ?")
        .param(executionId)
        .query((rs, n) -> map(rs))
        .optional();
  }

  /** The cards of these executions, by execution id (one query). */
  public Map<UUID, RunningExecution> views(Collection<UUID> executionIds) {
    Map<UUID, RunningExecution> views = new HashMap<>();
    jdbc.sql(VIEW + " where e.execution_id = any(cast(? as uuid[]))")
        .param(executionIds.stream().map(UUID::toString).toArray(String[]::new))
        .query((rs, n) -> map(rs))
        .list()
        .forEach(v -> views.put(v.executionId(), v));
    return views;
  }

  /** The user's running executions, newest first, and how many there are in all. */
  public RunningSnapshot snapshot(String user, int limit) {
    List<RunningExecution> rows =
        jdbc.sql(
                VIEW
                    + """
                     where e.viewers @> array[?]::text[]
                       and e.status in ('running', 'waiting_approval', 'paused')
                     order by e.created_at desc nulls last limit ?
                    """)
            .params(user, limit)
            .query((rs, n) -> map(rs))
            .list();
    long total =
        rows.size() < limit
            ? rows.size()
            : jdbc.sql("select count(*) from executions where viewers @> array[?]::text[]")
                .param(user)
                .query(Long.class)
                .single();
    return new RunningSnapshot(rows, total, limit);
  }

  /** Executions the user owned or was asked to approve that ended, most recent first. */
  public List<RunningExecution> finishedFor(String user, int limit) {
    return jdbc.sql(
            VIEW
                + """
                 where (e.owner = ? or e.approvers @> array[?]::text[])
                   and e.status in ('completed', 'failed', 'cancelled')
                 order by e.finished_at desc nulls last limit ?
                """)
        .params(user, user, limit)
        .query((rs, n) -> map(rs))
        .list();
  }

  private RunningExecution map(ResultSet rs) throws SQLException {
    List<String> stepIds = stepIds(rs.getString("pilot_steps"));
    List<String> completed = strings(rs.getArray("completed_steps"));
    int total = rs.getInt("total_steps");
    String status = rs.getString("status");
    UUID approvalId = rs.getObject("approval_id", UUID.class);
    String outcome = rs.getString("approval_outcome");
    String agentName = rs.getString("agent_name");
    String stepTitle = rs.getString("step_title");
    Number average = (Number) rs.getObject("average_duration_ms");
    return new RunningExecution(
        rs.getObject("execution_id", UUID.class),
        rs.getObject("agent_id", UUID.class),
        agentName == null || agentName.isBlank() ? RunningExecution.UNKNOWN_AGENT : agentName,
        status,
        rs.getString("current_step"),
        stepTitle == null ? "" : stepTitle,
        RunningExecution.stepOrder(
            rs.getString("current_step"),
            stepIds,
            (Integer) rs.getObject("step_order"),
            completed.size(),
            total),
        total,
        completed,
        instant(rs, "created_at"),
        approvalId != null && "waiting_approval".equals(status) && outcome == null,
        approvalId,
        RunningExecution.progress(completed.size(), total),
        rs.getString("mode"),
        rs.getString("trigger"),
        rs.getString("owner"),
        strings(rs.getArray("approvers")),
        rs.getString("approval_type"),
        rs.getString("approval_reason"),
        approvalId == null
            ? null
            : new RunningExecution.Tally(
                rs.getInt("tally_approvals"),
                rs.getInt("tally_rejections"),
                rs.getObject("tally_total") == null
                    ? strings(rs.getArray("approvers")).size()
                    : rs.getInt("tally_total"),
                strings(rs.getArray("tally_responders"))),
        instant(rs, "updated_at"),
        instant(rs, "finished_at"),
        (Long) rs.getObject("duration_ms"),
        rs.getString("failure_reason"),
        rs.getString("failure_error"),
        average == null ? null : average.longValue());
  }

  private List<String> stepIds(String pilotSteps) {
    if (pilotSteps == null) {
      return List.of();
    }
    JsonNode steps = json.readTree(pilotSteps);
    return steps.valueStream().map(s -> s.path("id").asString("")).toList();
  }
}
