package dev.pilot.approval.request;

import dev.pilot.approval.tally.ApprovalTally;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.execution.ApprovalContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** An approval request as stored, with the responses recorded so far in the order they came. */
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
    List<RecordedResponse> responses) {

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

  public Optional<RecordedResponse> responseOf(String approver) {
    return responses.stream().filter(r -> r.approver().equals(approver)).findFirst();
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
    for (RecordedResponse response : responses) {
      tally = tally.with(response.decision());
    }
    return tally;
  }

  /** This approval in its final status. */
  Approval resolvedAs(ApprovalStatus finalStatus, Instant at) {
    return new Approval(
        approvalId,
        executionId,
        stepId,
        stepTitle,
        approvers,
        type,
        finalStatus,
        expiresAt,
        reason,
        owner,
        preventSelfApproval,
        context,
        createdAt,
        at,
        responses);
  }

  public Approval withResponse(RecordedResponse response) {
    List<RecordedResponse> all = new ArrayList<>(responses);
    all.add(response);
    return new Approval(
        approvalId,
        executionId,
        stepId,
        stepTitle,
        approvers,
        type,
        status,
        expiresAt,
        reason,
        owner,
        preventSelfApproval,
        context,
        createdAt,
        resolvedAt,
        List.copyOf(all));
  }
}
