package dev.pilot.execution.agent;

import java.util.List;
import java.util.Map;

/**
 * The body of create and update, typed loosely (enums and durations as text) so that validation can
 * report every broken rule at once instead of the first one the JSON reader meets.
 */
record AgentRequest(
    String name,
    String description,
    String mode,
    String schedule,
    String timezone,
    List<Step> pilotSteps,
    Object inputSchema,
    Object defaultInputs) {

  record Step(
      String id, String title, String type, Action action, Retry retry, Approval approval) {}

  record EscalateTo(List<String> users, List<String> groups) {}

  record Action(String kind, Map<String, Object> params) {}

  record Retry(Integer maxAttempts, String backoff) {}

  record Approval(
      List<String> approvers,
      String approvalType,
      String timeout,
      String reason,
      Boolean allowSelfApproval,
      // The flag's earlier name, still accepted: false there is an explicit opt-in too.
      Boolean preventSelfApproval,
      Object proposal,
      Boolean editable,
      Object proposalSchema,
      List<String> approverGroups,
      String remindAfter,
      String escalateAfter,
      EscalateTo escalateTo,
      String onTimeout,
      Boolean allowApproveOnTimeout) {

    /** An approval step as written before groups and the policy (issue 15). */
    Approval(
        List<String> approvers,
        String approvalType,
        String timeout,
        String reason,
        Boolean allowSelfApproval,
        Boolean preventSelfApproval,
        Object proposal,
        Boolean editable,
        Object proposalSchema) {
      this(
          approvers,
          approvalType,
          timeout,
          reason,
          allowSelfApproval,
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

    /**
     * Separation of duties by default: the owner of a run may approve it only if the step says so.
     */
    boolean selfApprovalAllowed() {
      return Boolean.TRUE.equals(allowSelfApproval) || Boolean.FALSE.equals(preventSelfApproval);
    }
  }
}
