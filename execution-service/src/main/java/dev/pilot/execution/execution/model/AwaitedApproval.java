package dev.pilot.execution.execution.model;

import dev.pilot.contracts.approval.ApprovalResolved;
import java.time.Instant;
import java.util.UUID;

/**
 * The approval a run waits on, and its outcome if it arrived while the run was paused (applied on
 * resume).
 */
public record AwaitedApproval(UUID approvalId, Instant expiresAt, ApprovalResolved pending) {

  boolean awaits(ApprovalResolved resolution) {
    return approvalId.equals(resolution.approvalId());
  }

  AwaitedApproval keeping(ApprovalResolved resolution) {
    return new AwaitedApproval(approvalId, expiresAt, resolution);
  }
}
