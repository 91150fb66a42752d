package dev.pilot.dashboard.projection;

import dev.pilot.contracts.approval.ApprovalEvent;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.contracts.approval.ApprovalResponseRecorded;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** How far one approval got: counts, who answered, and its outcome once resolved. */
record ApprovalTally(
    UUID approvalId,
    UUID executionId,
    int approvals,
    int rejections,
    int totalApprovers,
    String outcome,
    List<String> responders) {

  static ApprovalTally empty(UUID approvalId, UUID executionId) {
    return new ApprovalTally(approvalId, executionId, 0, 0, 0, null, List.of());
  }

  /** The tally after the event; the event's counts are the approval service's own, so they win. */
  ApprovalTally apply(ApprovalEvent event) {
    Set<String> who = new LinkedHashSet<>(responders);
    if (event instanceof ApprovalResponseRecorded e) {
      if (e.approver() != null) {
        who.add(e.approver());
      }
      return new ApprovalTally(
          approvalId,
          executionId,
          e.approvals(),
          e.rejections(),
          e.totalApprovers(),
          outcome,
          List.copyOf(who));
    }
    if (event instanceof ApprovalResolved e) {
      if (e.responses() != null) {
        e.responses().forEach(r -> who.add(r.approver()));
      }
      return new ApprovalTally(
          approvalId,
          executionId,
          e.approvals(),
          e.rejections(),
          e.totalApprovers(),
          e.outcome() == null ? "unknown" : e.outcome().name().toLowerCase(),
          List.copyOf(who));
    }
    return this;
  }
}
