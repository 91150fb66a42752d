package dev.pilot.contracts.approval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.Decision;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An approval request reached its outcome; published exactly once per approval. */
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
    List<Response> responses)
    implements ApprovalEvent {

  /** One approver's recorded answer. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Response(
      String approver,
      Decision decision,
      String comment,
      @JsonProperty("responded_at") Instant respondedAt) {}
}
