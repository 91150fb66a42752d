package dev.pilot.contracts.execution;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.GroupMembers;
import dev.pilot.contracts.TimeoutOutcome;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An execution reached an approval step and waits for people to answer. {@code proposal} is what
 * the agent proposes to do (any JSON value, the approval step's resolved template), present only
 * when the step declares one; {@code editable} says whether approvers may amend it and {@code
 * proposal_schema} is the JSON Schema an amended proposal must satisfy. The three were added within
 * v1: absent on events of steps without a proposal.
 *
 * <p>Approver groups and the approval policy were added within v1 too (issue 15). {@code approvers}
 * is the fixed set of users who may answer: the users the step names, then the members of {@code
 * approver_groups} as they were when the request was made; {@code approver_groups} records those
 * groups and their members. {@code remind_at} lists when the approval service reminds the approvers
 * who have not answered, {@code escalation} when it widens the approvers and to whom, and {@code
 * on_timeout} what an expiry decides ({@code fail} when absent). All four are absent when the step
 * declares none.
 */
public record ApprovalRequested(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("execution_id") UUID executionId,
    long sequence,
    @JsonProperty("approval_id") UUID approvalId,
    @JsonProperty("step_id") String stepId,
    @JsonProperty("step_title") String stepTitle,
    @JsonProperty("step_order") int stepOrder,
    @JsonProperty("total_steps") int totalSteps,
    List<String> approvers,
    @JsonProperty("approval_type") ApprovalType approvalType,
    @JsonProperty("expires_at") Instant expiresAt,
    String reason,
    String owner,
    @JsonProperty("prevent_self_approval") boolean preventSelfApproval,
    ApprovalContext context,
    @JsonInclude(JsonInclude.Include.NON_NULL) Object proposal,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean editable,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("proposal_schema")
        Object proposalSchema,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("approver_groups")
        List<GroupMembers> approverGroups,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("remind_at") List<Instant> remindAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) Escalation escalation,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("on_timeout") TimeoutOutcome onTimeout)
    implements ExecutionEvent {

  /**
   * At {@code at} the users in {@code approvers} (the step's {@code escalate_to} users, then the
   * members of its {@code escalate_to} groups as they were at request time, listed in {@code
   * groups}) become approvers too, if the request is still pending.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Escalation(Instant at, List<String> approvers, List<GroupMembers> groups) {}

  /** A request without groups or a policy, as every approval step made before issue 15. */
  public ApprovalRequested(
      UUID eventId,
      Instant occurredAt,
      UUID executionId,
      long sequence,
      UUID approvalId,
      String stepId,
      String stepTitle,
      int stepOrder,
      int totalSteps,
      List<String> approvers,
      ApprovalType approvalType,
      Instant expiresAt,
      String reason,
      String owner,
      boolean preventSelfApproval,
      ApprovalContext context,
      Object proposal,
      Boolean editable,
      Object proposalSchema) {
    this(
        eventId,
        occurredAt,
        executionId,
        sequence,
        approvalId,
        stepId,
        stepTitle,
        stepOrder,
        totalSteps,
        approvers,
        approvalType,
        expiresAt,
        reason,
        owner,
        preventSelfApproval,
        context,
        proposal,
        editable,
        proposalSchema,
        null,
        null,
        null,
        null);
  }

  /** What {@code on_timeout} decides; {@code fail} when the step declares nothing. */
  @JsonIgnore
  public TimeoutOutcome timeoutOutcome() {
    return onTimeout == null ? TimeoutOutcome.FAIL : onTimeout;
  }

  /** A request without a proposal, as every approval step made before proposals existed. */
  public ApprovalRequested(
      UUID eventId,
      Instant occurredAt,
      UUID executionId,
      long sequence,
      UUID approvalId,
      String stepId,
      String stepTitle,
      int stepOrder,
      int totalSteps,
      List<String> approvers,
      ApprovalType approvalType,
      Instant expiresAt,
      String reason,
      String owner,
      boolean preventSelfApproval,
      ApprovalContext context) {
    this(
        eventId,
        occurredAt,
        executionId,
        sequence,
        approvalId,
        stepId,
        stepTitle,
        stepOrder,
        totalSteps,
        approvers,
        approvalType,
        expiresAt,
        reason,
        owner,
        preventSelfApproval,
        context,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
