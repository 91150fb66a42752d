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
 * What the read model stores of one run (a row of {@code executions}), in the groups the
 * projection's fold writes. {@link RunningExecution#of} turns it into the card; {@link RunColumns}
 * maps it to and from its columns.
 *
 * @param approval the latest approval requested, or null
 * @param failure why it failed, or null
 */
public record Run(
    UUID executionId,
    Agent agent,
    RunStatus status,
    Progress progress,
    Timing timing,
    ApprovalRequest approval,
    Failure failure,
    Instant updatedAt) {

  /** Who and what runs; {@code agentName} may be missing until an event names it. */
  public record Agent(
      UUID agentId, String agentName, String owner, ExecutionMode mode, Trigger trigger) {
    public static final Agent UNKNOWN = new Agent(null, null, null, null, null);
  }

  /**
   * The pilot steps and where the run is among them.
   *
   * @param stepOrder the 1-based position an event announced for {@code currentStep}, or null
   */
  public record Progress(
      List<PilotStepSummary> pilotSteps,
      String currentStep,
      String stepTitle,
      Integer stepOrder,
      int totalSteps,
      List<String> completedSteps) {
    public static final Progress NONE = new Progress(List.of(), null, null, null, 0, List.of());

    public Progress {
      pilotSteps = List.copyOf(pilotSteps);
      completedSteps = List.copyOf(completedSteps);
    }
  }

  public record Timing(Instant createdAt, Instant finishedAt, Long durationMs) {
    public static final Timing NONE = new Timing(null, null, null);
  }

  /**
   * The approval the run waits for, as its {@code ApprovalRequested} said.
   *
   * @param requestedAt when it was requested (null in rows stored before the inbox existed)
   * @param expiresAt when it times out, or null
   * @param preventSelfApproval whether the owner is kept from answering it
   * @param proposalSummary the start of the agent's proposal as compact JSON ({@link
   *     ProposalSummary}), or null when the step proposes nothing
   */
  public record ApprovalRequest(
      UUID approvalId,
      String stepId,
      ApprovalType type,
      String reason,
      List<String> approvers,
      Instant requestedAt,
      Instant expiresAt,
      boolean preventSelfApproval,
      String proposalSummary) {
    public ApprovalRequest {
      approvers = List.copyOf(approvers);
    }

    /**
     * Whether {@code user} may still answer it, as far as the read model knows: named among its
     * approvers, not answered yet, and not its owner when self-approval is prevented. (The approval
     * service decides for good; a stale answer there is a 403 or 409.)
     */
    public boolean awaits(String user, String owner, List<String> responders) {
      return approvers.contains(user)
          && !responders.contains(user)
          && !(preventSelfApproval && user.equals(owner));
    }

    /**
     * This request after an escalation made {@code escalated} the whole set of its approvers
     * ({@code ApprovalEscalated.approvers}); itself when there was none.
     */
    public ApprovalRequest widenedTo(List<String> escalated) {
      if (escalated.isEmpty() || approvers.containsAll(escalated)) {
        return this;
      }
      java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(approvers);
      all.addAll(escalated);
      return new ApprovalRequest(
          approvalId,
          stepId,
          type,
          reason,
          List.copyOf(all),
          requestedAt,
          expiresAt,
          preventSelfApproval,
          proposalSummary);
    }
  }

  public record Failure(FailureReason reason, String stepId, String error) {}

  /** An empty row: no event of the run has been applied yet. */
  public static Run unknown(UUID executionId) {
    return new Run(
        executionId,
        Agent.UNKNOWN,
        RunStatus.UNKNOWN,
        Progress.NONE,
        Timing.NONE,
        null,
        null,
        null);
  }

  /**
   * The one rule of an approval needing people: the run waits for the approval it requested last
   * and no outcome of it has arrived.
   */
  public boolean hasPendingApproval(boolean approvalResolved) {
    return approval != null && status == RunStatus.WAITING_APPROVAL && !approvalResolved;
  }
}
