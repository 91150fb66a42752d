package dev.pilot.approval;

import dev.pilot.contracts.GroupMembers;
import dev.pilot.contracts.TimeoutOutcome;
import dev.pilot.contracts.execution.ApprovalRequested;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A copy of an {@link ApprovalRequested} with some of its parts changed: the tests' one place that
 * names every part of the event, so a test says only what it changes.
 */
public final class ApprovalRequestedCopy {

  private final ApprovalRequested r;
  private UUID eventId;
  private Object proposal;
  private Boolean editable;
  private Object proposalSchema;
  private List<GroupMembers> approverGroups;
  private List<Instant> remindAt;
  private ApprovalRequested.Escalation escalation;
  private TimeoutOutcome onTimeout;

  private ApprovalRequestedCopy(ApprovalRequested r) {
    this.r = r;
    this.eventId = r.eventId();
    this.proposal = r.proposal();
    this.editable = r.editable();
    this.proposalSchema = r.proposalSchema();
    this.approverGroups = r.approverGroups();
    this.remindAt = r.remindAt();
    this.escalation = r.escalation();
    this.onTimeout = r.onTimeout();
  }

  public static ApprovalRequestedCopy of(ApprovalRequested r) {
    return new ApprovalRequestedCopy(r);
  }

  public ApprovalRequestedCopy eventId(UUID eventId) {
    this.eventId = eventId;
    return this;
  }

  /** What the agent proposes, whether approvers may amend it, the schema amendments must meet. */
  public ApprovalRequestedCopy proposal(Object proposal, Boolean editable, Object schema) {
    this.proposal = proposal;
    this.editable = editable;
    this.proposalSchema = schema;
    return this;
  }

  public ApprovalRequestedCopy approverGroups(List<GroupMembers> approverGroups) {
    this.approverGroups = approverGroups;
    return this;
  }

  /** The approval policy: reminders, escalation and what an expiry decides. */
  public ApprovalRequestedCopy policy(
      List<Instant> remindAt, ApprovalRequested.Escalation escalation, TimeoutOutcome onTimeout) {
    this.remindAt = remindAt;
    this.escalation = escalation;
    this.onTimeout = onTimeout;
    return this;
  }

  public ApprovalRequested build() {
    return new ApprovalRequested(
        eventId,
        r.occurredAt(),
        r.executionId(),
        r.sequence(),
        r.approvalId(),
        r.stepId(),
        r.stepTitle(),
        r.stepOrder(),
        r.totalSteps(),
        r.approvers(),
        r.approvalType(),
        r.expiresAt(),
        r.reason(),
        r.owner(),
        r.preventSelfApproval(),
        r.context(),
        proposal,
        editable,
        proposalSchema,
        approverGroups,
        remindAt,
        escalation,
        onTimeout);
  }
}
