package dev.pilot.approval.tally;

import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import java.util.Objects;

/**
 * The answers so far to one approval: {@code n} approvers, {@code a} approvals, {@code r}
 * rejections. Each rule is monotone (more answers never undo an outcome) and approval and rejection
 * never hold at once, so an outcome, once reached, is final.
 *
 * <ul>
 *   <li>{@code any}: approved when a ≥ 1; rejected only when r = n.
 *   <li>{@code all}: approved when a = n; rejected as soon as r ≥ 1.
 *   <li>{@code majority}: approved when a &gt; n/2; rejected when a + (n − a − r) ≤ n/2.
 * </ul>
 */
public record ApprovalTally(ApprovalType type, int totalApprovers, int approvals, int rejections) {

  public ApprovalTally {
    Objects.requireNonNull(type, "type");
    if (totalApprovers < 1) {
      throw new IllegalArgumentException("an approval needs at least one approver");
    }
    if (approvals < 0 || rejections < 0 || approvals + rejections > totalApprovers) {
      throw new IllegalArgumentException(
          "%d approvals and %d rejections do not fit %d approvers"
              .formatted(approvals, rejections, totalApprovers));
    }
  }

  /** No answer yet. */
  public static ApprovalTally empty(ApprovalType type, int totalApprovers) {
    return new ApprovalTally(type, totalApprovers, 0, 0);
  }

  /** The tally with one more answer. */
  public ApprovalTally with(Decision decision) {
    return decision == Decision.APPROVE
        ? new ApprovalTally(type, totalApprovers, approvals + 1, rejections)
        : new ApprovalTally(type, totalApprovers, approvals, rejections + 1);
  }

  public TallyOutcome outcome() {
    if (approvals >= requiredApprovals()) {
      return TallyOutcome.APPROVED;
    }
    boolean rejected =
        switch (type) {
          case ANY -> rejections == totalApprovers;
          case ALL -> rejections >= 1;
          // a + (n − a − r) ≤ n/2, without integer division: 2(n − r) ≤ n
          case MAJORITY -> 2 * (totalApprovers - rejections) <= totalApprovers;
        };
    return rejected ? TallyOutcome.REJECTED : TallyOutcome.PENDING;
  }

  /** How many approvals the type needs: 1, n, or the smallest count above n/2. */
  public int requiredApprovals() {
    return switch (type) {
      case ANY -> 1;
      case ALL -> totalApprovers;
      case MAJORITY -> totalApprovers / 2 + 1;
    };
  }

  /** For people: "2 of 3 must approve". */
  public String requirement() {
    return requiredApprovals() + " of " + totalApprovers + " must approve";
  }

  public int answered() {
    return approvals + rejections;
  }
}
