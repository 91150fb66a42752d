package dev.pilot.approval.response;

import dev.pilot.approval.request.Approval;
import dev.pilot.approval.request.ApprovalStatus;
import dev.pilot.approval.request.RecordedResponse;
import dev.pilot.approval.request.Stage;
import dev.pilot.approval.tally.ApprovalTally;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.GroupMembers;
import dev.pilot.contracts.TimeoutOutcome;
import dev.pilot.contracts.execution.ApprovalContext;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** An approval as the API shows it (snake_case JSON): everything, with its tally so far. */
record ApprovalView(
    UUID approvalId,
    UUID executionId,
    String stepId,
    String stepTitle,
    ApprovalType approvalType,
    ApprovalStatus status,
    String reason,
    String owner,
    boolean preventSelfApproval,
    List<String> approvers,
    List<ResponseView> responses,
    List<String> answered,
    List<String> awaiting,
    TallyView tally,
    ApprovalContext context,
    Instant createdAt,
    Instant expiresAt,
    Instant resolvedAt,
    JsonNode proposal,
    boolean editable,
    JsonNode proposalSchema,
    int revision,
    List<GroupMembers> approverGroups,
    TimeoutOutcome onTimeout,
    boolean timedOut,
    List<StageView> stages) {

  /**
   * A reminder or the escalation (issue 15): when it is due, and once it fired, when and whom it
   * reminded or added ({@code notified}). An escalation's {@code planned} users are those it adds.
   */
  record StageView(
      String kind,
      int number,
      Instant dueAt,
      Instant firedAt,
      List<String> notified,
      List<String> planned) {
    static StageView of(Stage s) {
      return new StageView(
          s.kind().value(), s.number(), s.dueAt(), s.firedAt(), s.notified(), s.planned());
    }
  }

  /** An answer; {@code dismissed} ones were given to an earlier revision and no longer count. */
  record ResponseView(
      String approver,
      Decision decision,
      String comment,
      Instant respondedAt,
      int revision,
      boolean dismissed) {
    static ResponseView of(RecordedResponse r) {
      return new ResponseView(
          r.approver(), r.decision(), r.comment(), r.respondedAt(), r.revision(), r.dismissed());
    }
  }

  /** The answers so far against what the approval type requires. */
  record TallyView(
      int approvals,
      int rejections,
      int totalApprovers,
      int requiredApprovals,
      String required,
      String outcome) {
    static TallyView of(ApprovalTally tally) {
      return new TallyView(
          tally.approvals(),
          tally.rejections(),
          tally.totalApprovers(),
          tally.requiredApprovals(),
          tally.requirement(),
          tally.outcome().name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  static ApprovalView of(Approval a, List<Stage> stages) {
    return new ApprovalView(
        a.approvalId(),
        a.executionId(),
        a.stepId(),
        a.stepTitle(),
        a.type(),
        a.status(),
        a.reason(),
        a.owner(),
        a.preventSelfApproval(),
        a.approvers(),
        a.responses().stream().map(ResponseView::of).toList(),
        a.liveResponses().stream().map(RecordedResponse::approver).toList(),
        a.awaiting(),
        TallyView.of(a.tally()),
        a.context(),
        a.createdAt(),
        a.expiresAt(),
        a.resolvedAt(),
        a.proposal(),
        a.editable(),
        a.proposalSchema(),
        a.revision(),
        a.approverGroups() == null ? List.of() : a.approverGroups(),
        a.onTimeout(),
        a.timedOut(),
        stages.stream().map(StageView::of).toList());
  }
}
