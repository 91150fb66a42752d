package dev.pilot.contracts.approval;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.Decision;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An approval request reached its outcome; published exactly once per approval. For a request with
 * a proposal, {@code proposal} and {@code revision} (added within v1) are the proposal as it stood
 * when the request resolved — when approved, exactly what was approved, amendments included. {@code
 * timed_out} (added within v1, issue 15) is true when the request resolved because it expired: with
 * outcome {@code timeout}, or {@code approved} / {@code rejected} when the step's {@code
 * on_timeout} said so; absent otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovalResolved(
    @JsonProperty("event_id") UUID eventId,
    @JsonProperty("occurred_at") Instant occurredAt,
    @JsonProperty("execution_id") UUID executionId,
    long sequence,
    @JsonProperty("approval_id") UUID approvalId,
    @JsonProperty("step_id") String stepId,
    ApprovalOutcome outcome,
    int approvals,
    int rejections,
    @JsonProperty("total_approvers") int totalApprovers,
    List<Response> responses,
    Object proposal,
    Integer revision,
    @JsonProperty("timed_out") Boolean timedOut)
    implements ApprovalEvent {

  /** A resolution as published before issue 15, without {@code timed_out}. */
  public ApprovalResolved(
      UUID eventId,
      Instant occurredAt,
      UUID executionId,
      long sequence,
      UUID approvalId,
      String stepId,
      ApprovalOutcome outcome,
      int approvals,
      int rejections,
      int totalApprovers,
      List<Response> responses,
      Object proposal,
      Integer revision) {
    this(
        eventId,
        occurredAt,
        executionId,
        sequence,
        approvalId,
        stepId,
        outcome,
        approvals,
        rejections,
        totalApprovers,
        responses,
        proposal,
        revision,
        null);
  }

  /** Whether an expiry, not the approvers, decided this outcome. */
  @JsonIgnore
  public boolean decidedByTimeout() {
    return Boolean.TRUE.equals(timedOut);
  }

  /** A resolution without a proposal, as every approval resolved before proposals existed. */
  public ApprovalResolved(
      UUID eventId,
      Instant occurredAt,
      UUID executionId,
      long sequence,
      UUID approvalId,
      String stepId,
      ApprovalOutcome outcome,
      int approvals,
      int rejections,
      int totalApprovers,
      List<Response> responses) {
    this(
        eventId,
        occurredAt,
        executionId,
        sequence,
        approvalId,
        stepId,
        outcome,
        approvals,
        rejections,
        totalApprovers,
        responses,
        null,
        null,
        null);
  }

  /**
   * One approver's recorded answer. {@code revision} is the proposal revision it answered and
   * {@code dismissed} is true when a later revision made it stale (it no longer counts); both were
   * added within v1 and are absent for requests without a proposal.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Response(
      String approver,
      Decision decision,
      String comment,
      @JsonProperty("responded_at") Instant respondedAt,
      Integer revision,
      Boolean dismissed) {

    /** An answer to a request without a proposal. */
    public Response(String approver, Decision decision, String comment, Instant respondedAt) {
      this(approver, decision, comment, respondedAt, null, null);
    }
  }
}
