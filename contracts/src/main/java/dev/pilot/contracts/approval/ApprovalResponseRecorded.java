package dev.pilot.contracts.approval;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import java.time.Instant;
import java.util.UUID;

/** One approver answered; the tally so far travels with the answer. */
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
    @JsonProperty("total_approvers") int totalApprovers)
    implements ApprovalEvent {}
