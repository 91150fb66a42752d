package dev.pilot.contracts.approval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A pending approval reached one of its reminder times ({@code remind_at} of the request): the
 * approvers in {@code reminded} had not answered yet. {@code reminder} counts from 1. Added within
 * v1 (issue 15); published at most once per reminder time, and never after the approval resolved.
 */
public record ApprovalReminderSent(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("execution_id") UUID executionId,
    long sequence,
    @JsonProperty("approval_id") UUID approvalId,
    @JsonProperty("step_id") String stepId,
    int reminder,
    List<String> reminded,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("expires_at") Instant expiresAt)
    implements ApprovalEvent {}
