package dev.pilot.approval.response;

import dev.pilot.approval.request.Approval;
import dev.pilot.approval.request.ApprovalAnswers;
import dev.pilot.approval.request.ApprovalStatus;
import dev.pilot.approval.request.Approvals;
import dev.pilot.approval.request.RecordedResponse;
import dev.pilot.contracts.Decision;
import dev.pilot.platform.logging.LogContext;
import dev.pilot.platform.tracing.TraceScope;
import dev.pilot.platform.tracing.Traces;
import dev.pilot.platform.web.ConflictException;
import dev.pilot.platform.web.ForbiddenException;
import dev.pilot.platform.web.InvalidRequestException;
import dev.pilot.platform.web.NotFoundException;
import dev.pilot.platform.web.Violation;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records one approver's answer. The answer is checked, stored and counted under the approval's row
 * lock, so concurrent answers are applied one after the other: each sees the tally of all before
 * it, and only the one that decides it resolves the approval.
 */
@Service
public class ApprovalResponses {

  private final Approvals approvals;
  private final ApprovalAnswers answers;
  private final Clock clock;
  private final Traces traces;

  ApprovalResponses(Approvals approvals, ApprovalAnswers answers, Clock clock, Traces traces) {
    this.traces = traces;
    this.approvals = approvals;
    this.answers = answers;
    this.clock = clock;
  }

  /** An answer to the current revision, without amending the proposal. */
  @Transactional
  public Approval record(UUID approvalId, String approver, Decision decision, String comment) {
    return record(approvalId, approver, new Answer(decision, comment, null, null));
  }

  /**
   * An answer to revision {@code revision} of the proposal, checked exactly as an answer to the API
   * is (its body rules included): a signed link's confirmation records its answer this way.
   */
  @Transactional
  public Approval recordAtRevision(
      UUID approvalId, String approver, Decision decision, String comment, int revision) {
    List<Violation> violations = ResponseRequest.violations(decision, comment);
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(violations);
    }
    return record(approvalId, approver, new Answer(decision, comment, revision, null));
  }

  /**
   * The approval after the answer; throws (and stores nothing) when the answer is refused. The
   * answer is a span of the execution's trace (continuing the context the approval was opened in),
   * linked to the answering request's own trace; the events it queues carry it on.
   */
  @Transactional
  public Approval record(UUID approvalId, String approver, Answer answer) {
    try (LogContext logs = LogContext.empty().with(LogContext.APPROVAL_ID, approvalId);
        TraceScope span =
            traces.continueTrace(() -> approvals.traceparentOf(approvalId), "approval answer")) {
      span.tag("pilot.approval_id", approvalId).tag("pilot.decision", answer.decision());
      return answer(approvalId, approver, answer);
    }
  }

  private Approval answer(UUID approvalId, String approver, Answer answer) {
    // One statement locks and reads the approval and its execution's event counter: refusals
    // queue for the row lock too, but every answer costs one round trip less than a read first.
    Approvals.Locked locked =
        approvals
            .lockToAnswer(approvalId)
            .orElseThrow(() -> new NotFoundException(notFound(approvalId)));
    Approval approval = locked.approval();
    // Answers are timed once they hold the lock, so their times follow the order they count in.
    Instant now = now();
    refuseIfNotAllowed(approval, approver, answer, now);
    if (answer.amends(approval)) {
      // The amendment is the next revision: answers to earlier ones stop counting, and this
      // approver's answer is an approval of exactly what they wrote.
      approval = approval.withRevision(answer.proposal());
      approvals.amend(approval, approver);
    }
    RecordedResponse response =
        new RecordedResponse(
            approver, answer.decision(), answer.comment(), now, approval.revision(), false);
    return answers.record(approval, response, locked.lastSequence());
  }

  private static void refuseIfNotAllowed(
      Approval approval, String approver, Answer answer, Instant now) {
    if (!approval.isVisibleTo(approver)) {
      // Answering must not reveal more than reading: to anyone else the approval does not exist.
      throw new NotFoundException(notFound(approval.approvalId()));
    }
    if (approval.forbidsSelfApprovalBy(approver)) {
      throw new ForbiddenException(
          "You own this execution and its approval step forbids self-approval");
    }
    if (!approval.isApprover(approver)) {
      throw new ForbiddenException("You are not an approver of this approval");
    }
    approval
        .responseOf(approver)
        .ifPresent(
            earlier -> {
              throw new ConflictException(
                  "You already answered this approval (" + earlier.respondedAt() + ")");
            });
    if (approval.status() != ApprovalStatus.PENDING) {
      throw new ConflictException(
          "The approval is no longer pending: " + approval.status().value());
    }
    if (approval.isExpiredAt(now)) {
      throw new ConflictException("The approval expired at " + approval.expiresAt());
    }
    if (answer.revision() != null && answer.revision() != approval.revision()) {
      throw new ConflictException(
          "Your answer is to revision "
              + answer.revision()
              + " of the proposal, but it is now at revision "
              + approval.revision()
              + ": read it again before answering");
    }
    answer.refuseIfNotAnAmendmentOf(approval);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  static String notFound(UUID approvalId) {
    return "No approval " + approvalId;
  }
}
