package dev.pilot.approval.request;

import dev.pilot.approval.notify.Notice;
import dev.pilot.approval.tally.ApprovalTally;
import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.GroupMembers;
import dev.pilot.contracts.TimeoutOutcome;
import dev.pilot.contracts.execution.ApprovalContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * An approval request as stored, with the responses recorded so far in the order they came. An
 * approval may carry a {@code proposal} (any JSON value) at {@code revision} (1 as the agent
 * proposed it); when {@code editable}, an approver may approve an amended proposal that satisfies
 * {@code proposalSchema}, which becomes the next revision and dismisses the answers to earlier
 * ones. {@code approvers} is who may answer: fixed at request time (the named users and the members
 * of {@code approverGroups} then), widened only by an escalation; {@code onTimeout} is what an
 * expiry decides and {@code timedOut} whether one did. {@code staged}: reminders or an escalation
 * were planned for it (see {@link ApprovalStages}); without, it has no stages to read.
 */
public record Approval(
    UUID approvalId,
    UUID executionId,
    String stepId,
    String stepTitle,
    List<String> approvers,
    ApprovalType type,
    ApprovalStatus status,
    Instant expiresAt,
    String reason,
    String owner,
    boolean preventSelfApproval,
    ApprovalContext context,
    Instant createdAt,
    Instant resolvedAt,
    List<RecordedResponse> responses,
    JsonNode proposal,
    boolean editable,
    JsonNode proposalSchema,
    int revision,
    List<GroupMembers> approverGroups,
    TimeoutOutcome onTimeout,
    boolean timedOut,
    boolean staged) {

  public boolean hasProposal() {
    return proposal != null;
  }

  /** The answers that count: those given to the current revision. */
  public List<RecordedResponse> liveResponses() {
    return responses.stream().filter(r -> !r.dismissed()).toList();
  }

  public boolean isApprover(String user) {
    return approvers.contains(user);
  }

  /** Approvers and the execution's owner may see an approval; to anyone else it does not exist. */
  public boolean isVisibleTo(String user) {
    return isApprover(user) || user.equals(owner);
  }

  public boolean forbidsSelfApprovalBy(String user) {
    return preventSelfApproval && user.equals(owner);
  }

  /** The approver's answer that still counts, if any. */
  public Optional<RecordedResponse> responseOf(String approver) {
    return liveResponses().stream().filter(r -> r.approver().equals(approver)).findFirst();
  }

  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** Approvers who have not answered yet, in the order they were named. */
  public List<String> awaiting() {
    return approvers.stream().filter(a -> responseOf(a).isEmpty()).toList();
  }

  public ApprovalTally tally() {
    ApprovalTally tally = ApprovalTally.empty(type, approvers.size());
    for (RecordedResponse response : liveResponses()) {
      tally = tally.with(response.decision());
    }
    return tally;
  }

  /**
   * What a notification about this approval tells its recipients: the agent, the step, the reason
   * and the proposal as it stands now (its revision is the one the notification's links answer).
   */
  public Notice notice() {
    return new Notice(
        approvalId,
        executionId,
        revision,
        context == null ? null : context.agentName(),
        stepTitle == null ? stepId : stepTitle,
        reason,
        hasProposal() ? Notice.summary(proposal.toString()) : null,
        expiresAt);
  }

  /** This approval in its final status. */
  Approval resolvedAs(ApprovalStatus finalStatus, Instant at) {
    return with(finalStatus, at, responses, proposal, revision);
  }

  /** The outcome an expiry gives this approval, as its step's {@code on_timeout} says. */
  public ApprovalOutcome expiryOutcome() {
    return switch (onTimeout == null ? TimeoutOutcome.FAIL : onTimeout) {
      case FAIL -> ApprovalOutcome.TIMEOUT;
      case REJECT -> ApprovalOutcome.REJECTED;
      case APPROVE -> ApprovalOutcome.APPROVED;
    };
  }

  /**
   * This approval with {@code added} among its approvers (an escalation): the tally's n is the
   * widened set's size, and the answers given so far keep counting.
   */
  public Approval withApprovers(List<String> added) {
    List<String> all = new ArrayList<>(approvers);
    added.stream().filter(a -> !all.contains(a)).forEach(all::add);
    return new Approval(
        approvalId,
        executionId,
        stepId,
        stepTitle,
        List.copyOf(all),
        type,
        status,
        expiresAt,
        reason,
        owner,
        preventSelfApproval,
        context,
        createdAt,
        resolvedAt,
        responses,
        proposal,
        editable,
        proposalSchema,
        revision,
        approverGroups,
        onTimeout,
        timedOut,
        staged);
  }

  public Approval withResponse(RecordedResponse response) {
    List<RecordedResponse> all = new ArrayList<>(responses);
    all.add(response);
    return with(status, resolvedAt, List.copyOf(all), proposal, revision);
  }

  /** The proposal amended to {@code amended} as the next revision; earlier answers dismissed. */
  public Approval withRevision(JsonNode amended) {
    return with(
        status,
        resolvedAt,
        responses.stream().map(RecordedResponse::asDismissed).toList(),
        amended,
        revision + 1);
  }

  private Approval with(
      ApprovalStatus newStatus,
      Instant newResolvedAt,
      List<RecordedResponse> newResponses,
      JsonNode newProposal,
      int newRevision) {
    return new Approval(
        approvalId,
        executionId,
        stepId,
        stepTitle,
        approvers,
        type,
        newStatus,
        expiresAt,
        reason,
        owner,
        preventSelfApproval,
        context,
        createdAt,
        newResolvedAt,
        newResponses,
        newProposal,
        editable,
        proposalSchema,
        newRevision,
        approverGroups,
        onTimeout,
        timedOut,
        staged);
  }
}
