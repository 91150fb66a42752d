package dev.pilot.approval.request;

import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.GroupMembers;
import dev.pilot.contracts.TimeoutOutcome;
import dev.pilot.contracts.execution.ApprovalContext;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An approval request as its row of {@code approval_requests} holds it, with its responses: the
 * aggregate Spring Data JDBC loads whole ({@link Approvals#find}). Values are kept in their stored
 * form (enums by their lower-case names, JSON documents as {@link Jsonb}) and become an {@link
 * Approval} in {@link #toApproval}, the one place a stored approval is read into the domain's
 * terms; the hand-written locking loads of {@link Approvals} go through it too.
 */
@Table("approval_requests")
record StoredApproval(
    @Id UUID approvalId,
    UUID executionId,
    String stepId,
    String stepTitle,
    String[] approvers,
    @Column("approval_type") String type,
    String status,
    Instant expiresAt,
    String reason,
    String owner,
    boolean preventSelfApproval,
    Jsonb context,
    Instant createdAt,
    Instant resolvedAt,
    Jsonb proposal,
    boolean editable,
    Jsonb proposalSchema,
    int revision,
    Jsonb approverGroups,
    String onTimeout,
    boolean timedOut,
    boolean staged,
    @MappedCollection(idColumn = "approval_id") Set<StoredResponse> responses) {

  /** Responses in the order they came (as they count), ties by approver. */
  private static final Comparator<StoredResponse> ARRIVAL =
      Comparator.comparing(StoredResponse::respondedAt).thenComparing(StoredResponse::approver);

  Approval toApproval(JsonMapper json) {
    return toApproval(
        json,
        responses == null
            ? List.of()
            : responses.stream().sorted(ARRIVAL).map(StoredResponse::toResponse).toList());
  }

  /** With responses loaded separately (the hand-written loads read them for many at once). */
  Approval toApproval(JsonMapper json, List<RecordedResponse> recorded) {
    return new Approval(
        approvalId,
        executionId,
        stepId,
        stepTitle,
        List.of(approvers),
        ApprovalType.valueOf(type.toUpperCase(Locale.ROOT)),
        ApprovalStatus.parse(status).orElseThrow(),
        expiresAt,
        reason,
        owner,
        preventSelfApproval,
        context == null ? null : json.readValue(context.json(), ApprovalContext.class),
        createdAt,
        resolvedAt,
        recorded,
        tree(json, proposal),
        editable,
        tree(json, proposalSchema),
        revision,
        approverGroups == null
            ? null
            : List.of(json.readValue(approverGroups.json(), GroupMembers[].class)),
        TimeoutOutcome.valueOf(onTimeout.toUpperCase(Locale.ROOT)),
        timedOut,
        staged);
  }

  private static JsonNode tree(JsonMapper json, Jsonb document) {
    return document == null ? null : json.readTree(document.json());
  }

  /** One approver's answer as its row of {@code approval_responses} holds it. */
  @Table("approval_responses")
  record StoredResponse(
      String approver,
      String decision,
      String comment,
      Instant respondedAt,
      int revision,
      boolean dismissed) {

    RecordedResponse toResponse() {
      return new RecordedResponse(
          approver,
          Decision.valueOf(decision.toUpperCase(Locale.ROOT)),
          comment,
          respondedAt,
          revision,
          dismissed);
    }
  }
}
