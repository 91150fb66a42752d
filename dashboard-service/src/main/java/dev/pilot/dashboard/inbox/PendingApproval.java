package dev.pilot.dashboard.inbox;

import dev.pilot.contracts.ApprovalType;
import dev.pilot.dashboard.running.RunningExecution;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One approval waiting for the caller's answer, as the inbox lists it.
 *
 * @param requestedAt when it was requested (the run's start for rows stored before the inbox)
 * @param expiresAt when it times out, or null
 * @param proposalSummary the start of the agent's proposal as one line, or null when none; the
 *     current revision (an approver may have amended it) is the approval service's
 * @param tally the answers so far
 */
public record PendingApproval(
    UUID approvalId,
    UUID executionId,
    UUID agentId,
    String agentName,
    String owner,
    String stepId,
    String stepTitle,
    ApprovalType approvalType,
    String reason,
    List<String> approvers,
    Instant requestedAt,
    Instant expiresAt,
    String proposalSummary,
    RunningExecution.Tally tally) {}
