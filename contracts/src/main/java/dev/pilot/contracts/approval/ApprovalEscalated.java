package dev.pilot.contracts.approval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.GroupMembers;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A pending approval reached its escalation time: the users in {@code added} may answer from now
 * on. {@code approvers} is the whole set who may answer afterwards, and the tally ({@code
 * approvals}, {@code rejections}, {@code total_approvers}) is recomputed over it: answers already
 * given still count, {@code total_approvers} is the new set's size (without the owner where
 * self-approval is prevented). {@code groups} are the escalation groups with their members at
 * request time. Added within v1 (issue 15); published at most once per approval.
 */
public record ApprovalEscalated(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("execution_id") UUID executionId,
    long sequence,
    @JsonProperty("approval_id") UUID approvalId,
    @JsonProperty("step_id") String stepId,
    List<String> added,
    List<String> approvers,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<GroupMembers> groups,
    @JsonProperty("approval_type") ApprovalType approvalType,
    int approvals,
    int rejections,
    @JsonProperty("total_approvers") int totalApprovers)
    implements ApprovalEvent {}
