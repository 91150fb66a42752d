package dev.pilot.dashboard.projection;

import static dev.pilot.dashboard.SqlValues.instant;
import static dev.pilot.dashboard.SqlValues.strings;
import static dev.pilot.dashboard.SqlValues.timestamp;

import dev.pilot.contracts.PilotStepSummary;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Loads, locks and stores {@link ExecutionState} rows and {@link ApprovalTally} rows. */
@Repository
class ExecutionStates {

  private static final TypeReference<List<PilotStepSummary>> STEPS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;

  ExecutionStates(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The execution's state, row-locked until the transaction ends (created empty if absent). */
  ExecutionState lock(UUID executionId) {
    jdbc.sql("insert into executions (execution_id) values (?) on conflict do nothing")
        .param(executionId)
        .update();
    return jdbc.sql("select * from executions where execution_id = ? for update")
        .param(executionId)
        .query((rs, n) -> map(rs))
        .single();
  }

  void save(ExecutionState s, Set<String> viewers) {
    jdbc.sql(
            """
            update executions set agent_id = ?, agent_name = ?, owner = ?, mode = ?, trigger = ?,
              status = ?, pilot_steps = cast(? as jsonb), current_step = ?, step_title = ?,
              step_order = ?, total_steps = ?, completed_steps = ?, created_at = ?,
              finished_at = ?, duration_ms = ?, approval_id = ?, approval_step_id = ?,
              approval_type = ?, approval_reason = ?, approvers = ?, failure_reason = ?,
              failure_step = ?, failure_error = ?, viewers = ?, last_sequence_execution = ?,
              last_sequence_approval = ?, updated_at = now()
            where execution_id = ?
            """)
        .params(
            s.agentId,
            s.agentName,
            s.owner,
            s.mode,
            s.trigger,
            s.status,
            json.writeValueAsString(s.pilotSteps),
            s.currentStep,
            s.stepTitle,
            s.stepOrder,
            s.totalSteps,
            s.completedSteps.toArray(String[]::new),
            timestamp(s.createdAt),
            timestamp(s.finishedAt),
            s.durationMs,
            s.approvalId,
            s.approvalStepId,
            s.approvalType,
            s.approvalReason,
            s.approvers.toArray(String[]::new),
            s.failureReason,
            s.failureStep,
            s.failureError,
            viewers.toArray(String[]::new),
            s.lastSequenceExecution,
            s.lastSequenceApproval,
            s.executionId)
        .update();
  }

  Optional<ApprovalTally> tally(UUID approvalId) {
    if (approvalId == null) {
      return Optional.empty();
    }
    return jdbc.sql("select * from approvals where approval_id = ?")
        .param(approvalId)
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
        .optional();
  }

  void save(ApprovalTally t) {
    jdbc.sql(
            """
            insert into approvals (approval_id, execution_id, approvals, rejections,
              total_approvers, outcome, responders) values (?, ?, ?, ?, ?, ?, ?)
            on conflict (approval_id) do update set approvals = excluded.approvals,
              rejections = excluded.rejections, total_approvers = excluded.total_approvers,
              outcome = excluded.outcome, responders = excluded.responders
            """)
        .params(
            t.approvalId(),
            t.executionId(),
            t.approvals(),
            t.rejections(),
            t.totalApprovers(),
            t.outcome(),
            t.responders().toArray(String[]::new))
        .update();
  }

  /** Forgets the whole read model and the consumer's inbox; the change feed stays. */
  void clear(String consumer) {
    jdbc.sql("truncate executions, approvals").update();
    jdbc.sql("delete from processed_events where consumer = ?").param(consumer).update();
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
