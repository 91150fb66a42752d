package dev.pilot.dashboard.projection;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.approval.ApprovalEscalated;
import dev.pilot.contracts.approval.ApprovalEvent;
import dev.pilot.contracts.approval.ApprovalReminderSent;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.contracts.approval.ApprovalResponseRecorded;
import dev.pilot.dashboard.running.RunningExecution;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * How far one approval got: counts, who answered, and its outcome once resolved. Like {@link
 * ExecutionState} it converges whatever order its events arrive in: the counts are those of the
 * latest event (the approval service's own count), who answered is the union of every event's
 * answerers (sorted), and the outcome comes once.
 *
 * @param outcome the outcome, or null while unresolved (or when the resolution named none)
 * @param resolved whether {@code ApprovalResolved} has arrived
 * @param sequence the approval-topic sequence of the event the counts come from
 */
record ApprovalTally(
    UUID approvalId,
    UUID executionId,
    int approvals,
    int rejections,
    int totalApprovers,
    ApprovalOutcome outcome,
    boolean resolved,
    List<String> responders,
    long sequence,
    List<String> escalatedApprovers) {

  private static final SealedFold<ApprovalTally, ApprovalEvent> FOLD =
      SealedFold.over(ApprovalEvent.class, ApprovalTally.class)
          .on(ApprovalResponseRecorded.class, ApprovalTally::responseRecorded)
          .on(ApprovalResolved.class, ApprovalTally::resolved)
          .on(ApprovalEscalated.class, ApprovalTally::escalated)
          // a reminder changes no count; the approval page shows it from the approval service
          .on(ApprovalReminderSent.class, (tally, reminder) -> tally)
          .exhaustive();

  ApprovalTally {
    responders = List.copyOf(responders);
    escalatedApprovers = List.copyOf(escalatedApprovers);
  }

  static ApprovalTally empty(UUID approvalId, UUID executionId) {
    return new ApprovalTally(
        approvalId, executionId, 0, 0, 0, null, false, List.of(), 0, List.of());
  }

  boolean isResolved() {
    return resolved;
  }

  ApprovalTally apply(ApprovalEvent event) {
    return FOLD.apply(this, event);
  }

  /** As the card shows it. */
  RunningExecution.Answers answers() {
    return new RunningExecution.Answers(
        approvals, rejections, totalApprovers, responders, resolved, escalatedApprovers);
  }

  private ApprovalTally responseRecorded(ApprovalResponseRecorded e) {
    return counted(
        e.approvals(),
        e.rejections(),
        e.totalApprovers(),
        e.sequence(),
        e.approver() == null ? List.of() : List.of(e.approver()),
        outcome,
        resolved);
  }

  /**
   * An escalation recomputes n over the wider set of approvers; the answers stay. The wider set is
   * kept (escalation happens at most once per approval; a union converges whatever the order).
   */
  private ApprovalTally escalated(ApprovalEscalated e) {
    ApprovalTally counted =
        counted(
            e.approvals(),
            e.rejections(),
            e.totalApprovers(),
            e.sequence(),
            List.of(),
            outcome,
            resolved);
    TreeSet<String> wider = new TreeSet<>(escalatedApprovers);
    if (e.approvers() != null) {
      e.approvers().stream().filter(java.util.Objects::nonNull).forEach(wider::add);
    }
    return new ApprovalTally(
        approvalId,
        executionId,
        counted.approvals,
        counted.rejections,
        counted.totalApprovers,
        counted.outcome,
        counted.resolved,
        counted.responders,
        counted.sequence,
        List.copyOf(wider));
  }

  private ApprovalTally resolved(ApprovalResolved e) {
    List<String> answered =
        e.responses() == null ? List.of() : e.responses().stream().map(r -> r.approver()).toList();
    return counted(
        e.approvals(),
        e.rejections(),
        e.totalApprovers(),
        e.sequence(),
        answered,
        resolved ? outcome : e.outcome(),
        true);
  }

  private ApprovalTally counted(
      int approvals,
      int rejections,
      int totalApprovers,
      long eventSequence,
      List<String> answered,
      ApprovalOutcome outcome,
      boolean resolved) {
    TreeSet<String> who = new TreeSet<>(responders);
    answered.stream().filter(java.util.Objects::nonNull).forEach(who::add);
    boolean later = eventSequence > sequence;
    return new ApprovalTally(
        approvalId,
        executionId,
        later ? approvals : this.approvals,
        later ? rejections : this.rejections,
        later ? totalApprovers : this.totalApprovers,
        outcome,
        resolved,
        List.copyOf(who),
        later ? eventSequence : sequence,
        escalatedApprovers);
  }
}
