package dev.pilot.dashboard.running;

import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.FailureReason;
import dev.pilot.contracts.PilotStepSummary;
import dev.pilot.contracts.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One execution as the Running Agents card shows it: the seed's {@code RunningExecution} fields,
 * plus progress, mode, trigger, owner, the approval tally and what the card needs for an ETA. Made
 * only by {@link #of}, the one place a stored {@link Run} becomes a card.
 */
public record RunningExecution(
    UUID executionId,
    UUID agentId,
    String agentName,
    RunStatus status,
    String currentStep,
    String stepTitle,
    int stepOrder,
    int totalSteps,
    List<String> completedSteps,
    Instant createdAt,
    boolean hasPendingApproval,
    UUID approvalId,
    int progressPercentage,
    ExecutionMode mode,
    Trigger trigger,
    String owner,
    List<String> approvers,
    ApprovalType approvalType,
    String approvalReason,
    Tally tally,
    Instant updatedAt,
    Instant finishedAt,
    Long durationMs,
    FailureReason failureReason,
    String failureError,
    Long averageDurationMs) {

  static final String UNKNOWN_AGENT = "Unknown Agent";

  /** Approval answers so far, e.g. 1 of 3 approved. */
  public record Tally(int approvals, int rejections, int totalApprovers, List<String> responders) {}

  /**
   * How far the run's latest approval got, as the read model keeps it.
   *
   * @param resolved whether its outcome has arrived
   * @param escalatedApprovers everyone who may answer after an escalation; empty when none happened
   */
  public record Answers(
      int approvals,
      int rejections,
      int totalApprovers,
      List<String> responders,
      boolean resolved,
      List<String> escalatedApprovers) {
    public Answers {
      escalatedApprovers = escalatedApprovers == null ? List.of() : List.copyOf(escalatedApprovers);
    }
  }

  /**
   * The card of a stored run.
   *
   * @param answers the tally of the run's latest approval, or null if none has been stored
   * @param averageDurationMs the mean duration of the agent's completed runs, or null
   */
  public static RunningExecution of(Run run, Answers answers, Long averageDurationMs) {
    Run.Agent agent = run.agent();
    Run.Progress progress = run.progress();
    Run.ApprovalRequest approval =
        run.approval() == null || answers == null
            ? run.approval()
            : run.approval().widenedTo(answers.escalatedApprovers());
    int completed = progress.completedSteps().size();
    int total = progress.totalSteps();
    return new RunningExecution(
        run.executionId(),
        agent.agentId(),
        agent.agentName() == null || agent.agentName().isBlank()
            ? UNKNOWN_AGENT
            : agent.agentName(),
        run.status(),
        progress.currentStep(),
        progress.stepTitle() == null ? "" : progress.stepTitle(),
        stepOrder(progress, completed, total),
        total,
        progress.completedSteps(),
        run.timing().createdAt(),
        run.hasPendingApproval(answers != null && answers.resolved()),
        approval == null ? null : approval.approvalId(),
        progress(completed, total),
        agent.mode(),
        agent.trigger(),
        agent.owner(),
        approval == null ? List.of() : approval.approvers(),
        approval == null ? null : approval.type(),
        approval == null ? null : approval.reason(),
        approval == null ? null : tally(answers, approval),
        run.updatedAt(),
        run.timing().finishedAt(),
        run.timing().durationMs(),
        run.failure() == null ? null : run.failure().reason(),
        run.failure() == null ? null : run.failure().error(),
        averageDurationMs);
  }

  private static Tally tally(Answers answers, Run.ApprovalRequest approval) {
    if (answers == null) {
      return new Tally(0, 0, approval.approvers().size(), List.of());
    }
    return new Tally(
        answers.approvals(), answers.rejections(), answers.totalApprovers(), answers.responders());
  }

  /**
   * The seed's progress rule: the current step's position + 1, or completed + 1 when no step is
   * current; progress = completed / total × 100. Odd state falls back to safe values.
   */
  static int stepOrder(Run.Progress progress, int completed, int total) {
    String currentStep = progress.currentStep();
    List<String> stepIds = progress.pilotSteps().stream().map(PilotStepSummary::id).toList();
    Integer storedOrder = progress.stepOrder();
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
