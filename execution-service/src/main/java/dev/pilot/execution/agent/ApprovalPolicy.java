package dev.pilot.execution.agent;

import dev.pilot.contracts.TimeoutOutcome;
import dev.pilot.platform.web.Violation;
import java.time.Duration;
import java.util.List;

/**
 * The validated policy of an approval step (issue 15): reminders, escalation and what a timeout
 * decides. Reminders and escalation wait at least {@link AgentValidator#MIN_POLICY_DELAY} and less
 * than the step's timeout (they could never fire otherwise); {@code on_timeout: approve} needs the
 * owner's explicit {@code allow_approve_on_timeout: true}, because it lets silence approve.
 */
record ApprovalPolicy(
    String remindAfter,
    String escalateAfter,
    PilotStep.EscalateTo escalateTo,
    TimeoutOutcome onTimeout,
    Boolean allowApproveOnTimeout) {

  static ApprovalPolicy check(
      AgentRequest.Approval approval, Duration timeout, String path, List<Violation> violations) {
    Duration remind = delay(approval.remindAfter(), timeout, path + ".remind_after", violations);
    Duration escalate =
        delay(approval.escalateAfter(), timeout, path + ".escalate_after", violations);
    PilotStep.EscalateTo escalateTo = escalateTo(approval.escalateTo(), path, violations);
    if (approval.escalateAfter() != null && approval.escalateTo() == null) {
      violations.add(new Violation(path + ".escalate_to", "is required with escalate_after"));
    }
    if (approval.escalateAfter() == null && approval.escalateTo() != null) {
      violations.add(new Violation(path + ".escalate_after", "is required with escalate_to"));
    }
    TimeoutOutcome onTimeout = onTimeout(approval, path, violations);
    return new ApprovalPolicy(
        remind == null ? null : remind.toString(),
        escalate == null ? null : escalate.toString(),
        escalateTo,
        onTimeout,
        Boolean.TRUE.equals(approval.allowApproveOnTimeout()) ? true : null);
  }

  private static Duration delay(
      String text, Duration timeout, String field, List<Violation> violations) {
    if (text == null) {
      return null;
    }
    Duration delay =
        AgentValidator.duration(
            text, null, AgentValidator.MAX_APPROVAL_TIMEOUT, field, violations, false);
    if (delay == null) {
      return null;
    }
    if (delay.compareTo(AgentValidator.MIN_POLICY_DELAY) < 0) {
      violations.add(new Violation(field, "must be at least " + AgentValidator.MIN_POLICY_DELAY));
      return null;
    }
    if (timeout != null && delay.compareTo(timeout) >= 0) {
      violations.add(new Violation(field, "must be shorter than the timeout (" + timeout + ")"));
      return null;
    }
    return delay;
  }

  private static PilotStep.EscalateTo escalateTo(
      AgentRequest.EscalateTo to, String path, List<Violation> violations) {
    if (to == null) {
      return null;
    }
    List<String> users = to.users() == null ? List.of() : to.users();
    List<String> groups = to.groups() == null ? List.of() : to.groups();
    if (users.isEmpty() && groups.isEmpty()) {
      violations.add(new Violation(path + ".escalate_to", "must name at least one user or group"));
    }
    AgentValidator.names(
        path + ".escalate_to.users", users, AgentValidator.MAX_APPROVERS, "user", violations);
    AgentValidator.names(
        path + ".escalate_to.groups", groups, AgentValidator.MAX_GROUPS, "group", violations);
    return new PilotStep.EscalateTo(
        users.isEmpty() ? null : List.copyOf(users.stream().filter(u -> u != null).toList()),
        groups.isEmpty() ? null : List.copyOf(groups.stream().filter(g -> g != null).toList()));
  }

  private static TimeoutOutcome onTimeout(
      AgentRequest.Approval approval, String path, List<Violation> violations) {
    String text = approval.onTimeout();
    if (text == null) {
      return null;
    }
    TimeoutOutcome outcome =
        switch (text) {
          case "fail" -> TimeoutOutcome.FAIL;
          case "reject" -> TimeoutOutcome.REJECT;
          case "approve" -> TimeoutOutcome.APPROVE;
          default -> null;
        };
    if (outcome == null) {
      violations.add(new Violation(path + ".on_timeout", "must be fail, reject or approve"));
    } else if (outcome == TimeoutOutcome.APPROVE
        && !Boolean.TRUE.equals(approval.allowApproveOnTimeout())) {
      violations.add(
          new Violation(
              path + ".on_timeout",
              "approve needs allow_approve_on_timeout: true (the owner's consent that an"
                  + " unanswered approval approves)"));
    }
    return outcome;
  }
}
