package dev.pilot.approval.request;

import dev.pilot.approval.tally.ApprovalTally;
import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.GroupMembers;
import dev.pilot.contracts.Topics;
import dev.pilot.contracts.approval.ApprovalEscalated;
import dev.pilot.contracts.approval.ApprovalReminderSent;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.contracts.approval.ApprovalResponseRecorded;
import dev.pilot.platform.outbox.Outbox;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Appends approval-events to the outbox, numbered per execution, in the caller's transaction. */
@Component
public class ApprovalEvents {

  private static final JsonMapper PROPOSALS = JsonMapper.builder().build();

  private final Outbox outbox;
  private final ExecutionSequences sequences;

  ApprovalEvents(Outbox outbox, ExecutionSequences sequences) {
    this.outbox = outbox;
    this.sequences = sequences;
  }

  /** {@code approval} already includes {@code response}. */
  public void responseRecorded(Approval approval, RecordedResponse response) {
    ApprovalTally tally = approval.tally();
    outbox.append(
        Topics.APPROVAL_EVENTS,
        new ApprovalResponseRecorded(
            UUID.randomUUID(),
            response.respondedAt(),
            approval.executionId(),
            sequences.next(approval.executionId()),
            approval.approvalId(),
            response.approver(),
            response.decision(),
            response.comment(),
            approval.type(),
            tally.approvals(),
            tally.rejections(),
            tally.totalApprovers(),
            approval.hasProposal() ? response.revision() : null));
  }

  void resolved(Approval approval, ApprovalOutcome outcome, Instant at, boolean expired) {
    ApprovalTally tally = approval.tally();
    outbox.append(
        Topics.APPROVAL_EVENTS,
        new ApprovalResolved(
            UUID.randomUUID(),
            at,
            approval.executionId(),
            sequences.next(approval.executionId()),
            approval.approvalId(),
            approval.stepId(),
            outcome,
            tally.approvals(),
            tally.rejections(),
            tally.totalApprovers(),
            approval.responses().stream().map(r -> response(approval, r)).toList(),
            approval.hasProposal()
                ? PROPOSALS.treeToValue(approval.proposal(), Object.class)
                : null,
            approval.hasProposal() ? approval.revision() : null,
            expired ? Boolean.TRUE : null));
  }

  /** A reminder fired: {@code reminded} had not answered. */
  public void reminderSent(Approval approval, int reminder, List<String> reminded, Instant at) {
    outbox.append(
        Topics.APPROVAL_EVENTS,
        new ApprovalReminderSent(
            UUID.randomUUID(),
            at,
            approval.executionId(),
            sequences.next(approval.executionId()),
            approval.approvalId(),
            approval.stepId(),
            reminder,
            reminded,
            approval.expiresAt()));
  }

  /** {@code widened} already includes {@code added}; its tally is the recomputed one. */
  public void escalated(
      Approval widened, List<String> added, List<GroupMembers> groups, Instant at) {
    ApprovalTally tally = widened.tally();
    outbox.append(
        Topics.APPROVAL_EVENTS,
        new ApprovalEscalated(
            UUID.randomUUID(),
            at,
            widened.executionId(),
            sequences.next(widened.executionId()),
            widened.approvalId(),
            widened.stepId(),
            added,
            widened.approvers(),
            groups == null || groups.isEmpty() ? null : groups,
            widened.type(),
            tally.approvals(),
            tally.rejections(),
            tally.totalApprovers()));
  }

  /** The revision fields are the contract's only for approvals with a proposal. */
  private static ApprovalResolved.Response response(Approval approval, RecordedResponse r) {
    return approval.hasProposal()
        ? new ApprovalResolved.Response(
            r.approver(), r.decision(), r.comment(), r.respondedAt(), r.revision(), r.dismissed())
        : new ApprovalResolved.Response(r.approver(), r.decision(), r.comment(), r.respondedAt());
  }
}
