package dev.pilot.contracts.approval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import java.time.Instant;
import java.util.UUID;

/**
 * One approver answered; the tally so far travels with the answer. For a request with a proposal,
 * {@code revision} (added within v1) is the revision the answer approves or rejects; an answer that
 * amended the proposal created that revision, and the tally then counts only answers to it.
 */
public record ApprovalResponseRecorded(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("execution_id") UUID executionId,
    long sequence,
    @JsonProperty("approval_id") UUID approvalId,
    String approver,
    Decision decision,
    String comment,
    @JsonProperty("approval_type") ApprovalType approvalType,
    int approvals,
    int rejections,
    @JsonProperty("total_approvers") int totalApprovers,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer revision)
    implements ApprovalEvent {

  /** An answer to a request without a proposal. */
  public ApprovalResponseRecorded(
      UUID eventId,
      Instant occurredAt,
      UUID executionId,
      long sequence,
      UUID approvalId,
      String approver,
      Decision decision,
      String comment,
      ApprovalType approvalType,
      int approvals,
      int rejections,
      int totalApprovers) {
    this(
        eventId,
        occurredAt,
        executionId,
        sequence,
        approvalId,
        approver,
        decision,
        comment,
        approvalType,
        approvals,
        rejections,
        totalApprovers,
        null);
  }
}
