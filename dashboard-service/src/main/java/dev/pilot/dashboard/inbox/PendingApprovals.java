package dev.pilot.dashboard.inbox;

import static dev.pilot.dashboard.SqlValues.strings;

import dev.pilot.dashboard.running.Run;
import dev.pilot.dashboard.running.RunColumns;
import dev.pilot.dashboard.running.RunStatus;
import dev.pilot.dashboard.running.RunningExecution;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the approvals waiting for one user from the read model: blocking JDBC, call it off the
 * event loop. SQL narrows to runs waiting for an approval that names the user; whether it still
 * waits for them is decided in Java by the rules {@link Run#hasPendingApproval} and {@link
 * Run.ApprovalRequest#awaits}, which the dashboard's cards and stream use as well.
 */
@Repository
class PendingApprovals {

  private static final String WAITING_FOR_USER =
      """
      select e.*, a.approvals as tally_approvals, a.rejections as tally_rejections,
        a.total_approvers as tally_total, a.outcome as tally_outcome,
        a.responders as tally_responders, a.escalated_approvers as tally_escalated
      from executions e left join approvals a on a.approval_id = e.approval_id
      where e.status = '%s'
        and (e.approvers @> array[:user]::text[] or a.escalated_approvers @> array[:user]::text[])
      """
          .formatted(RunStatus.WAITING_APPROVAL.wire());

  private final JdbcClient jdbc;
  private final RunColumns columns;

  PendingApprovals(JdbcClient jdbc, RunColumns columns) {
    this.jdbc = jdbc;
    this.columns = columns;
  }

  /** The user's pending approvals, oldest request first. */
  List<PendingApproval> of(String user, int limit) {
    return jdbc
        .sql(
            WAITING_FOR_USER
                + " order by coalesce(e.approval_requested_at, e.created_at), e.execution_id"
                + " limit :limit")
        .param("user", user)
        .param("limit", limit)
        .query((rs, n) -> pending(rs, user))
        .list()
        .stream()
        .filter(Objects::nonNull)
        .toList();
  }

  /** The approval if it waits for the user; empty when it does not (or does not exist). */
  Optional<PendingApproval> one(String user, UUID approvalId) {
    return jdbc
        .sql(WAITING_FOR_USER + " and e.approval_id = :approval")
        .param("user", user)
        .param("approval", approvalId)
        .query((rs, n) -> pending(rs, user))
        .list()
        .stream()
        .filter(Objects::nonNull)
        .findFirst();
  }

  /** The row as a pending approval of the user, or null when it no longer waits for them. */
  private PendingApproval pending(ResultSet rs, String user) throws SQLException {
    Run run = columns.read(rs);
    boolean stored = rs.getObject("tally_total") != null;
    List<String> responders = stored ? strings(rs.getArray("tally_responders")) : List.of();
    boolean resolved = stored && rs.getString("tally_outcome") != null;
    Run.ApprovalRequest approval =
        stored ? run.approval().widenedTo(strings(rs.getArray("tally_escalated"))) : run.approval();
    if (!run.hasPendingApproval(resolved)
        || !approval.awaits(user, run.agent().owner(), responders)) {
      return null;
    }
    RunningExecution.Tally tally =
        stored
            ? new RunningExecution.Tally(
                rs.getInt("tally_approvals"),
                rs.getInt("tally_rejections"),
                rs.getInt("tally_total"),
                responders)
            : new RunningExecution.Tally(0, 0, approval.approvers().size(), List.of());
    return new PendingApproval(
        approval.approvalId(),
        run.executionId(),
        run.agent().agentId(),
        run.agent().agentName(),
        run.agent().owner(),
        approval.stepId(),
        run.progress().stepTitle(),
        approval.type(),
        approval.reason(),
        approval.approvers(),
        approval.requestedAt() != null ? approval.requestedAt() : run.timing().createdAt(),
        approval.expiresAt(),
        approval.proposalSummary(),
        tally);
  }
}
