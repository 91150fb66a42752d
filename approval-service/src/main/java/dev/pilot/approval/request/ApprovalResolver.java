package dev.pilot.approval.request;

import dev.pilot.contracts.ApprovalOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gives a pending approval its final status and announces it. The caller holds the approval's row
 * lock; the {@code status = 'pending'} guard of the same update makes a second resolution a no-op,
 * so {@code ApprovalResolved} is emitted exactly once whatever races with it.
 */
@Component
public class ApprovalResolver {

  private final Approvals approvals;
  private final ApprovalEvents events;
  private final Clock clock;
  private final ApprovalWaits waits;

  ApprovalResolver(Approvals approvals, ApprovalEvents events, Clock clock, ApprovalWaits waits) {
    this.approvals = approvals;
    this.events = events;
    this.clock = clock;
    this.waits = waits;
  }

  /** The approval in its final status, or empty if it was resolved before this call. */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<Approval> resolve(Approval approval, ApprovalOutcome outcome) {
    return resolve(approval, outcome, false);
  }

  /**
   * Resolves an approval whose time ran out, as its step's {@code on_timeout} says ({@code
   * timeout}, or {@code rejected} / {@code approved}); the event says the expiry decided.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<Approval> expire(Approval approval) {
    return resolve(approval, approval.expiryOutcome(), true);
  }

  private Optional<Approval> resolve(Approval approval, ApprovalOutcome outcome, boolean expired) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    ApprovalStatus status = ApprovalStatus.of(outcome);
    if (!approvals.markResolved(approval.approvalId(), status, now, expired)) {
      return Optional.empty();
    }
    events.resolved(approval, outcome, now, expired);
    waits.resolved(approval, outcome, now);
    return Optional.of(approval.resolvedAs(status, now));
  }
}
