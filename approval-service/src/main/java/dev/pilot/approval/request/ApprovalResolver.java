package dev.pilot.approval.request;

import dev.pilot.contracts.ApprovalOutcome;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

  ApprovalResolver(Approvals approvals, ApprovalEvents events) {
    this.approvals = approvals;
    this.events = events;
  }

  /** True if this call resolved the approval, false if it already was. */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean resolve(Approval approval, ApprovalOutcome outcome) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    if (!approvals.markResolved(approval.approvalId(), ApprovalStatus.of(outcome), now)) {
      return false;
    }
    events.resolved(approval, outcome, now);
    return true;
  }
}
