package dev.pilot.approval.request;

import dev.pilot.approval.tally.ApprovalTally;
import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.GroupMembers;
import dev.pilot.contracts.Topics;
import dev.pilot.contracts.approval.ApprovalEscalated;
import dev.pilot.contracts.approval.ApprovalEvent;
import dev.pilot.contracts.approval.ApprovalReminderSent;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.contracts.approval.ApprovalResponseRecorded;
import dev.pilot.platform.outbox.Outbox;
import dev.pilot.platform.outbox.OutboxRows;
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

  void resolved(Approval approval, ApprovalOutcome outcome, Instant at, boolean expired) {
    outbox.append(
        Topics.APPROVAL_EVENTS,
        resolved(approval, outcome, at, expired, sequences.next(approval.executionId())));
  }

  /**
   * An answer ({@code approval} already includes {@code response}) and, when {@code outcome} is not
   * null, the resolution it decided, numbered up to {@code lastSequence} (which the caller took for
   * them in its own statement, see {@link Approvals#answer}): one outbox statement for both.
   */
  void answered(
      Approval approval,
      RecordedResponse response,
      ApprovalOutcome outcome,
      Instant resolvedAt,
      long lastSequence) {
    outbox.appendAll(
        Topics.APPROVAL_EVENTS,
        answeredEvents(approval, response, outcome, resolvedAt, lastSequence));
  }

  /**
   * The same events as outbox rows, for a caller that queues them in the statement that makes the
   * change ({@link Approvals#answer(Approval, RecordedResponse, ApprovalStatus, Instant, long,
   * OutboxRows)}).
   */
  OutboxRows answeredRows(
      Approval approval,
      RecordedResponse response,
      ApprovalOutcome outcome,
      Instant resolvedAt,
      long lastSequence) {
    return outbox.rows(
        Topics.APPROVAL_EVENTS,
        answeredEvents(approval, response, outcome, resolvedAt, lastSequence));
  }

  private static List<ApprovalEvent> answeredEvents(
      Approval approval,
      RecordedResponse response,
      ApprovalOutcome outcome,
      Instant resolvedAt,
      long lastSequence) {
    if (outcome == null) {
      return List.of(responseRecorded(approval, response, lastSequence));
    }
    return List.of(
        responseRecorded(approval, response, lastSequence - 1),
        resolved(approval, outcome, resolvedAt, false, lastSequence));
  }

  private static ApprovalResponseRecorded responseRecorded(
      Approval approval, RecordedResponse response, long sequence) {
    ApprovalTally tally = approval.tally();
    return new ApprovalResponseRecorded(
        UUID.randomUUID(),
        response.respondedAt(),
        approval.executionId(),
        sequence,
        approval.approvalId(),
        response.approver(),
        response.decision(),
        response.comment(),
        approval.type(),
        tally.approvals(),
        tally.rejections(),
        tally.totalApprovers(),
        approval.hasProposal() ? response.revision() : null);
  }

  private static ApprovalResolved resolved(
      Approval approval, ApprovalOutcome outcome, Instant at, boolean expired, long sequence) {
    ApprovalTally tally = approval.tally();
    return new ApprovalResolved(
        UUID.randomUUID(),
        at,
        approval.executionId(),
        sequence,
        approval.approvalId(),
        approval.stepId(),
        outcome,
        tally.approvals(),
        tally.rejections(),
        tally.totalApprovers(),
        approval.responses().stream().map(r -> response(approval, r)).toList(),
        approval.hasProposal() ? PROPOSALS.treeToValue(approval.proposal(), Object.class) : null,
        approval.hasProposal() ? approval.revision() : null,
        expired ? Boolean.TRUE : null);
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
