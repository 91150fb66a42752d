package dev.pilot.contracts.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pilot.contracts.ApprovalType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An execution reached an approval step and waits for people to answer. {@code proposal} is what
 * the agent proposes to do (any JSON value, the approval step's resolved template), present only
 * when the step declares one; {@code editable} says whether approvers may amend it and {@code
 * proposal_schema} is the JSON Schema an amended proposal must satisfy. The three were added within
 * v1: absent on events of steps without a proposal.
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
        Object proposalSchema)
    implements ExecutionEvent {

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
        null);
  }
}
