package dev.pilot.contracts.execution;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pilot.contracts.ApprovalType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An execution reached an approval step and waits for people to answer. */
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
    ApprovalContext context)
    implements ExecutionEvent {}
