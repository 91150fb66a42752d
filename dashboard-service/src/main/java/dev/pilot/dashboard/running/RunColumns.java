package dev.pilot.dashboard.running;

import static dev.pilot.dashboard.SqlValues.instant;
import static dev.pilot.dashboard.SqlValues.strings;
import static dev.pilot.dashboard.SqlValues.timestamp;

import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.FailureReason;
import dev.pilot.contracts.PilotStepSummary;
import dev.pilot.contracts.Trigger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one column list of {@code executions} as a {@link Run}: each column's name, read and written
 * by name here and nowhere else. The projection adds the columns only it keeps (viewers,
 * sequences).
 */
@Component
public class RunColumns {

  /** Every column a {@link Run} is stored in, in table order. */
  public static final List<String> COLUMNS =
      List.of(
          "execution_id",
          "agent_id",
          "agent_name",
          "owner",
          "mode",
          "trigger",
          "status",
          "pilot_steps",
          "current_step",
          "step_title",
          "step_order",
          "total_steps",
          "completed_steps",
          "created_at",
          "finished_at",
          "duration_ms",
          "approval_id",
          "approval_step_id",
          "approval_type",
          "approval_reason",
          "approvers",
          "approval_requested_at",
          "approval_expires_at",
          "approval_prevent_self",
          "approval_proposal_summary",
          "failure_reason",
          "failure_step",
          "failure_error");

  private static final TypeReference<List<PilotStepSummary>> STEPS = new TypeReference<>() {};

  private final JsonMapper json;

  RunColumns(JsonMapper json) {
    this.json = json;
  }

  /** The run of the current row ({@code executions} columns, by name). */
  public Run read(ResultSet rs) throws SQLException {
    UUID approvalId = rs.getObject("approval_id", UUID.class);
    FailureReason failureReason = wire(rs.getString("failure_reason"), FailureReason::valueOf);
    return new Run(
        rs.getObject("execution_id", UUID.class),
        new Run.Agent(
            rs.getObject("agent_id", UUID.class),
            rs.getString("agent_name"),
            rs.getString("owner"),
            wire(rs.getString("mode"), ExecutionMode::valueOf),
            wire(rs.getString("trigger"), Trigger::valueOf)),
        RunStatus.fromWire(rs.getString("status")),
        new Run.Progress(
            json.readValue(rs.getString("pilot_steps"), STEPS),
            rs.getString("current_step"),
            rs.getString("step_title"),
            (Integer) rs.getObject("step_order"),
            rs.getInt("total_steps"),
            strings(rs.getArray("completed_steps"))),
        new Run.Timing(
            instant(rs, "created_at"),
            instant(rs, "finished_at"),
            (Long) rs.getObject("duration_ms")),
        approvalId == null
            ? null
            : new Run.ApprovalRequest(
                approvalId,
                rs.getString("approval_step_id"),
                wire(rs.getString("approval_type"), ApprovalType::valueOf),
                rs.getString("approval_reason"),
                strings(rs.getArray("approvers")),
                instant(rs, "approval_requested_at"),
                instant(rs, "approval_expires_at"),
                rs.getBoolean("approval_prevent_self"),
                rs.getString("approval_proposal_summary")),
        failureReason == null && rs.getString("failure_error") == null
            ? null
            : new Run.Failure(
                failureReason, rs.getString("failure_step"), rs.getString("failure_error")),
        instant(rs, "updated_at"));
  }

  /** The run's columns as named parameters ({@code :execution_id}, …), with their SQL types. */
  public MapSqlParameterSource values(Run run) {
    Run.Agent agent = run.agent();
    Run.Progress progress = run.progress();
    Run.ApprovalRequest approval = run.approval();
    Run.Failure failure = run.failure();
    return new MapSqlParameterSource()
        .addValue("execution_id", run.executionId(), Types.OTHER)
        .addValue("agent_id", agent.agentId(), Types.OTHER)
        .addValue("agent_name", agent.agentName(), Types.VARCHAR)
        .addValue("owner", agent.owner(), Types.VARCHAR)
        .addValue("mode", wire(agent.mode()), Types.VARCHAR)
        .addValue("trigger", wire(agent.trigger()), Types.VARCHAR)
        .addValue("status", run.status().wire(), Types.VARCHAR)
        .addValue("pilot_steps", json.writeValueAsString(progress.pilotSteps()), Types.VARCHAR)
        .addValue("current_step", progress.currentStep(), Types.VARCHAR)
        .addValue("step_title", progress.stepTitle(), Types.VARCHAR)
        .addValue("step_order", progress.stepOrder(), Types.INTEGER)
        .addValue("total_steps", progress.totalSteps(), Types.INTEGER)
        .addValue("completed_steps", progress.completedSteps().toArray(String[]::new))
        .addValue("created_at", timestamp(run.timing().createdAt()), Types.TIMESTAMP_WITH_TIMEZONE)
        .addValue(
            "finished_at", timestamp(run.timing().finishedAt()), Types.TIMESTAMP_WITH_TIMEZONE)
        .addValue("duration_ms", run.timing().durationMs(), Types.BIGINT)
        .addValue("approval_id", approval == null ? null : approval.approvalId(), Types.OTHER)
        .addValue("approval_step_id", approval == null ? null : approval.stepId(), Types.VARCHAR)
        .addValue("approval_type", approval == null ? null : wire(approval.type()), Types.VARCHAR)
        .addValue("approval_reason", approval == null ? null : approval.reason(), Types.VARCHAR)
        .addValue(
            "approvers",
            (approval == null ? List.<String>of() : approval.approvers()).toArray(String[]::new))
        .addValue(
            "approval_requested_at",
            timestamp(approval == null ? null : approval.requestedAt()),
            Types.TIMESTAMP_WITH_TIMEZONE)
        .addValue(
            "approval_expires_at",
            timestamp(approval == null ? null : approval.expiresAt()),
            Types.TIMESTAMP_WITH_TIMEZONE)
        .addValue(
            "approval_prevent_self",
            approval != null && approval.preventSelfApproval(),
            Types.BOOLEAN)
        .addValue(
            "approval_proposal_summary",
            approval == null ? null : approval.proposalSummary(),
            Types.VARCHAR)
        .addValue("failure_reason", failure == null ? null : wire(failure.reason()), Types.VARCHAR)
        .addValue("failure_step", failure == null ? null : failure.stepId(), Types.VARCHAR)
        .addValue("failure_error", failure == null ? null : failure.error(), Types.VARCHAR);
  }

  /** How SQL writes a column's parameter: jsonb needs a cast from text. */
  public static String parameter(String column) {
    return "pilot_steps".equals(column) ? "cast(:pilot_steps as jsonb)" : ":" + column;
  }

  /** Contract enums are stored by their JSON names ({@code step_error}, {@code schedule}). */
  private static String wire(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }

  private static <E extends Enum<E>> E wire(String value, Function<String, E> valueOf) {
    return value == null ? null : valueOf.apply(value.toUpperCase(Locale.ROOT));
  }
}
