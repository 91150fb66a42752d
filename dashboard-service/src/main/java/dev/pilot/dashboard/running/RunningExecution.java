package dev.pilot.dashboard.running;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One execution as the Running Agents card shows it: the seed's {@code RunningExecution} fields,
 * plus progress, mode, trigger, owner, the approval tally and what the card needs for an ETA.
 */
public record RunningExecution(
    UUID executionId,
    UUID agentId,
    String agentName,
    String status,
    String currentStep,
    String stepTitle,
    int stepOrder,
    int totalSteps,
    List<String> completedSteps,
    Instant createdAt,
    boolean hasPendingApproval,
    UUID approvalId,
    int progressPercentage,
    String mode,
    String trigger,
    String owner,
    List<String> approvers,
    String approvalType,
    String approvalReason,
    Tally tally,
    Instant updatedAt,
    Instant finishedAt,
    Long durationMs,
    String failureReason,
    String failureError,
    Long averageDurationMs) {

  static final String UNKNOWN_AGENT = "Unknown Agent";

  /** Approval answers so far, e.g. 1 of 3 approved. */
  public record Tally(int approvals, int rejections, int totalApprovers, List<String> responders) {}

  /**
   * The seed's progress rule: the current step's position + 1, or completed + 1 when no step is
   * current; progress = completed / total × 100. Odd state falls back to safe values.
   */
  static int stepOrder(
      String currentStep, List<String> stepIds, Integer storedOrder, int completed, int total) {
    int order;
    int index = currentStep == null ? -1 : stepIds.indexOf(currentStep);
    if (index >= 0) {
      order = index + 1;
    } else if (currentStep != null && storedOrder != null && storedOrder > 0) {
      order = storedOrder;
    } else {
      order = completed + 1;
    }
    return total > 0 ? Math.max(1, Math.min(order, total)) : Math.max(1, order);
  }

  static int progress(int completed, int total) {
    if (total <= 0) {
      return 0;
    }
    return (int) Math.round(Math.min(completed, total) * 100.0 / total);
  }
}
