package dev.pilot.approval.request;

import dev.pilot.approval.tally.TallyOutcome;
import dev.pilot.contracts.ApprovalOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores an approver's answer, announces it, and resolves the approval when the answer decides it,
 * in one statement ({@link Approvals#answer}: the writes, the sequence numbers and the events). The
 * caller holds the approval's row lock and has checked the answer; the resolution keeps {@link
 * ApprovalResolver}'s {@code status = 'pending'} guard, so it happens once.
 */
@Component
public class ApprovalAnswers {

  private final Approvals approvals;
  private final ApprovalEvents events;
  private final ApprovalWaits waits;
  private final Clock clock;

  ApprovalAnswers(Approvals approvals, ApprovalEvents events, ApprovalWaits waits, Clock clock) {
    this.approvals = approvals;
    this.events = events;
    this.waits = waits;
    this.clock = clock;
  }

  /**
   * The approval after {@code response} (in its final status if the answer decided it). {@code
   * lastSequence}: the execution's last approval-event sequence number, its counter row locked by
   * the caller ({@link Approvals#lockToAnswer}); then the writes and the events are one statement.
   * Null when there is no counter row: then the writes take the numbers themselves and the events
   * follow in a second statement.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Approval record(Approval approval, RecordedResponse response, Long lastSequence) {
    Approval answered = approval.withResponse(response);
    TallyOutcome tally = answered.tally().outcome();
    ApprovalOutcome outcome = tally.isDecided() ? ApprovalOutcome.valueOf(tally.name()) : null;
    ApprovalStatus resolution = outcome == null ? null : ApprovalStatus.of(outcome);
    Instant resolvedAt = outcome == null ? null : clock.instant().truncatedTo(ChronoUnit.MICROS);
    boolean pending;
    if (lastSequence != null) {
      long last = lastSequence + (outcome == null ? 1 : 2);
      pending =
          approvals.answer(
              answered,
              response,
              resolution,
              resolvedAt,
              last,
              events.answeredRows(answered, response, outcome, resolvedAt, last));
    } else {
      Approvals.Answered written = approvals.answer(answered, response, resolution, resolvedAt);
      pending = written.pending();
      if (pending) {
        events.answered(answered, response, outcome, resolvedAt, written.lastSequence());
      }
    }
    if (!pending) {
      // Cannot happen under the row lock, which the caller took to see the approval pending.
      throw new IllegalStateException(
          "Approval " + approval.approvalId() + " was resolved while its row was locked");
    }
    if (outcome == null) {
      return answered;
    }
    waits.resolved(answered, outcome, resolvedAt);
    return answered.resolvedAs(resolution, resolvedAt);
  }
}
