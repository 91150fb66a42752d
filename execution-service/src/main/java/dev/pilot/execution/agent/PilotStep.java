package dev.pilot.execution.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.StepType;
import dev.pilot.contracts.TimeoutOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One step of an agent, in the JSON shape the API accepts and stores. An action step has {@code
 * action} (and maybe {@code retry}); an approval step has {@code approval}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PilotStep(
    String id, String title, StepType type, Action action, Retry retry, Approval approval) {

  /** Work done by the step kind named {@code kind}. */
  public record Action(String kind, Map<String, Object> params) {}

  /** How often a failing action is tried in all, and how long to wait between tries. */
  public record Retry(int maxAttempts, String backoff) {}

  /**
   * Who must answer, how answers combine, and how long they have; optionally what the agent
   * proposes ({@code proposal}, a template resolved when the step is reached), whether approvers
   * may amend it ({@code editable}) and the JSON Schema an amendment must satisfy. Since issue 15:
   * {@code approverGroups} whose members (resolved when the step is reached) may answer too, and a
   * policy — {@code remindAfter} (repeated until the timeout), {@code escalateAfter} with {@code
   * escalateTo}, and {@code onTimeout} ({@code approve} only with {@code allowApproveOnTimeout}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Approval(
      List<String> approvers,
      ApprovalType approvalType,
      String timeout,
      String reason,
      boolean preventSelfApproval,
      Object proposal,
      boolean editable,
      Map<String, Object> proposalSchema,
      List<String> approverGroups,
      String remindAfter,
      String escalateAfter,
      EscalateTo escalateTo,
      TimeoutOutcome onTimeout,
      Boolean allowApproveOnTimeout) {

    /** An approval as every step was before groups and the policy (issue 15). */
    public Approval(
        List<String> approvers,
        ApprovalType approvalType,
        String timeout,
        String reason,
        boolean preventSelfApproval,
        Object proposal,
        boolean editable,
        Map<String, Object> proposalSchema) {
      this(
          approvers,
          approvalType,
          timeout,
          reason,
          preventSelfApproval,
          proposal,
          editable,
          proposalSchema,
          null,
          null,
          null,
          null,
          null,
          null);
    }

    /** The groups named, none for steps stored before issue 15. */
    public List<String> groups() {
      return approverGroups == null ? List.of() : approverGroups;
    }

    /** An approval without a proposal. */
    public Approval(
        List<String> approvers,
        ApprovalType approvalType,
        String timeout,
        String reason,
        boolean preventSelfApproval) {
      this(approvers, approvalType, timeout, reason, preventSelfApproval, null, false, null);
    }
  }

  /** Who an escalation adds: users by name and the members of groups. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EscalateTo(List<String> users, List<String> groups) {

    public List<String> namedUsers() {
      return users == null ? List.of() : users;
    }

    public List<String> namedGroups() {
      return groups == null ? List.of() : groups;
    }
  }

  public boolean waitsForPeople() {
    return type == StepType.APPROVAL;
  }

  /** Tries in all before the step fails; 1 without a retry policy. */
  public int allowedAttempts() {
    return retry == null ? 1 : retry.maxAttempts();
  }

  public Duration retryBackoff() {
    return retry == null || retry.backoff() == null
        ? Duration.ZERO
        : Duration.parse(retry.backoff());
  }

  public Duration approvalTimeout() {
    return Duration.parse(approval.timeout());
  }
}
