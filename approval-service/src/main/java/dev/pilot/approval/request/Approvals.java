package dev.pilot.approval.request;

import dev.pilot.approval.request.StoredApproval.StoredResponse;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.platform.tracing.Traces;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored approval requests and their responses. Row locks are the callers' transactions'.
 *
 * <p>An approval read as it is ({@link #find}: the API, link pages) is loaded whole by Spring Data
 * JDBC ({@link StoredApproval}). The rest is written by hand for a reason: the loads that lock
 * ({@code for update}, {@code skip locked}) and the answer's early read ({@link #peek}) serve the
 * answer, expiry and escalation paths, which the benchmark measures hot, and those that return many
 * approvals read the responses of all of them with one statement, where Spring Data JDBC would
 * issue one per approval. Writes change one part of an approval under its row lock (a response
 * appended, a status, the approvers, a revision): saving the whole aggregate would delete and
 * insert every response again on each answer.
 */
@Repository
public class Approvals {

  /** The columns of {@link StoredApproval}, for the hand-written loads. */
  private static final String COLUMNS =
      """
      approval_id, execution_id, step_id, step_title, approvers, approval_type, status,
      expires_at, reason, owner, prevent_self_approval, context, created_at, resolved_at,
      proposal::text as proposal, editable, proposal_schema::text as proposal_schema, revision,
      approver_groups::text as approver_groups, on_timeout, timed_out""";

  private final JdbcClient jdbc;
  private final JdbcAggregateOperations aggregates;
  private final JsonMapper json;
  private final Traces traces;

  Approvals(JdbcClient jdbc, JdbcAggregateOperations aggregates, JsonMapper json, Traces traces) {
    this.jdbc = jdbc;
    this.aggregates = aggregates;
    this.json = json;
    this.traces = traces;
  }

  /**
   * The trace context the approval was opened in (the span that consumed its ApprovalRequested, in
   * the execution's trace): answers and its timeout continue it. Null when it was not traced.
   */
  public String traceparentOf(UUID approvalId) {
    return jdbc.sql("select traceparent from approval_requests where approval_id = ?")
        .param(approvalId)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  /**
   * Stores a new pending request (and its proposal as revision 1); false when one with this id
   * already exists.
   */
  boolean create(ApprovalRequested requested, List<String> approvers) {
    String proposal = jsonOrNull(requested.proposal());
    boolean created =
        jdbc.sql(
                    """
                insert into approval_requests (approval_id, execution_id, step_id, step_title,
                    approvers, approval_type, expires_at, reason, owner, prevent_self_approval,
                    context, proposal, editable, proposal_schema, approver_groups, on_timeout,
                    traceparent)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?,
                    cast(? as jsonb), cast(? as jsonb), ?, ?)
                on conflict (approval_id) do nothing""")
                .params(
                    requested.approvalId(),
                    requested.executionId(),
                    requested.stepId(),
                    requested.stepTitle(),
                    approvers.toArray(String[]::new),
                    typeValue(requested.approvalType()),
                    timestamp(requested.expiresAt()),
                    requested.reason(),
                    requested.owner(),
                    requested.preventSelfApproval(),
                    requested.context() == null
                        ? null
                        : json.writeValueAsString(requested.context()),
                    proposal,
                    Boolean.TRUE.equals(requested.editable()),
                    jsonOrNull(requested.proposalSchema()),
                    jsonOrNull(requested.approverGroups()),
                    requested.timeoutOutcome().name().toLowerCase(Locale.ROOT),
                    traces.current())
                .update()
            == 1;
    if (created && proposal != null) {
      addRevision(requested.approvalId(), 1, proposal, null);
    }
    return created;
  }

  /** Keeps a revision of the proposal for the record; {@code author} null for the agent's own. */
  public void addRevision(UUID approvalId, int revision, String proposal, String author) {
    jdbc.sql(
            """
            insert into approval_revisions (approval_id, revision, proposal, author)
            values (?, ?, cast(? as jsonb), ?)""")
        .params(approvalId, revision, proposal, author)
        .update();
  }

  /**
   * Moves the proposal to its next revision and dismisses the answers given to earlier ones, in the
   * caller's transaction (which holds the approval's row lock).
   */
  public void amend(Approval amended, String author) {
    String proposal = json.writeValueAsString(amended.proposal());
    jdbc.sql(
            """
            update approval_requests set proposal = cast(? as jsonb), revision = ?,
                version = version + 1
            where approval_id = ?""")
        .params(proposal, amended.revision(), amended.approvalId())
        .update();
    jdbc.sql(
            """
            update approval_responses set dismissed = true
            where approval_id = ? and revision < ? and not dismissed""")
        .params(amended.approvalId(), amended.revision())
        .update();
    addRevision(amended.approvalId(), amended.revision(), proposal, author);
  }

  private String jsonOrNull(Object value) {
    return value == null ? null : json.writeValueAsString(value);
  }

  /** The approval with its responses, without locking it (two statements, as before). */
  public Optional<Approval> find(UUID approvalId) {
    return Optional.ofNullable(aggregates.findById(approvalId, StoredApproval.class))
        .map(stored -> stored.toApproval(json));
  }

  /**
   * The approval with its responses, without locking it, as the answer path reads it before it
   * queues for the row lock: the hand-written load, because on that measured hot path Spring Data
   * JDBC's mapping cost more than its two statements.
   */
  public Optional<Approval> peek(UUID approvalId) {
    return one(approvalId, "");
  }

  /** Reads the approval and locks its row until the calling transaction ends. */
  public Optional<Approval> lock(UUID approvalId) {
    return one(approvalId, " for update");
  }

  /** Locks and returns the pending approvals of one execution. */
  List<Approval> lockPendingOf(UUID executionId) {
    return withResponses(
        jdbc.sql(
                "select "
                    + COLUMNS
                    + " from approval_requests where execution_id = ? and status = 'pending'"
                    + " for update")
            .param(executionId)
            .query(Approvals::row)
            .list());
  }

  /**
   * Locks up to {@code limit} pending approvals past their expiry, skipping rows another
   * transaction (another instance's sweep, or a response being recorded) holds.
   */
  public List<Approval> claimExpired(Instant now, int limit) {
    return withResponses(
        jdbc.sql(
                "select "
                    + COLUMNS
                    + " from approval_requests where status = 'pending' and expires_at <= ?"
                    + " order by expires_at limit ? for update skip locked")
            .params(timestamp(now), limit)
            .query(Approvals::row)
            .list());
  }

  /** The caller's approvals as an approver, newest first; {@code status} empty means any. */
  public List<Approval> ofApprover(String user, Optional<ApprovalStatus> status, int limit) {
    // containment, so the GIN index on approvers serves it
    return list("approvers @> array[cast(? as text)]", user, status, limit);
  }

  /** Approvals of the executions the caller owns, newest first. */
  public List<Approval> ofOwner(String user, Optional<ApprovalStatus> status, int limit) {
    return list("owner = ?", user, status, limit);
  }

  private List<Approval> list(
      String condition, String user, Optional<ApprovalStatus> status, int limit) {
    String statusValue = status.map(ApprovalStatus::value).orElse(null);
    return withResponses(
        jdbc.sql(
                "select "
                    + COLUMNS
                    + " from approval_requests where "
                    + condition
                    + " and (cast(? as text) is null or status = ?)"
                    + " order by created_at desc, approval_id limit ?")
            .params(user, statusValue, statusValue, limit)
            .query(Approvals::row)
            .list());
  }

  /** Stores one answer; the primary key refuses a second one from the same approver. */
  public void addResponse(UUID approvalId, RecordedResponse response) {
    jdbc.sql(
            """
            insert into approval_responses (approval_id, approver, decision, comment, responded_at,
                revision)
            values (?, ?, ?, ?, ?, ?)""")
        .params(
            approvalId,
            response.approver(),
            decisionValue(response.decision()),
            response.comment(),
            timestamp(response.respondedAt()),
            response.revision())
        .update();
  }

  /**
   * Moves a pending approval to a final status; false if it was not pending any more. Its stages
   * that have not fired never will: they are dropped.
   */
  boolean markResolved(UUID approvalId, ApprovalStatus status, Instant at, boolean timedOut) {
    // one statement: the stages are dropped exactly when the status moved
    return jdbc.sql(
                """
                with resolved as (
                  update approval_requests set status = ?, resolved_at = ?, timed_out = ?,
                      version = version + 1
                  where approval_id = ? and status = 'pending'
                  returning approval_id),
                dropped as (
                  delete from approval_stages s using resolved
                  where s.approval_id = resolved.approval_id and s.fired_at is null)
                select count(*) from resolved""")
            .params(status.value(), timestamp(at), timedOut, approvalId)
            .query(Integer.class)
            .single()
        == 1;
  }

  /** Widens who may answer (an escalation), in the caller's transaction holding the row lock. */
  public void widenApprovers(Approval widened) {
    jdbc.sql(
            """
            update approval_requests set approvers = ?, version = version + 1
            where approval_id = ?""")
        .params(widened.approvers().toArray(String[]::new), widened.approvalId())
        .update();
  }

  /**
   * Reads the approval and locks its row, unless another transaction holds it (an answer being
   * recorded, another instance's sweep): then empty, and the caller tries again later.
   */
  public Optional<Approval> lockIfFree(UUID approvalId) {
    return one(approvalId, " for update skip locked");
  }

  private Optional<Approval> one(UUID approvalId, String lock) {
    return withResponses(
            jdbc.sql("select " + COLUMNS + " from approval_requests where approval_id = ?" + lock)
                .param(approvalId)
                .query(Approvals::row)
                .list())
        .stream()
        .findFirst();
  }

  private List<Approval> withResponses(List<StoredApproval> approvals) {
    if (approvals.isEmpty()) {
      return List.of();
    }
    Map<UUID, List<RecordedResponse>> responses = new LinkedHashMap<>();
    approvals.forEach(a -> responses.put(a.approvalId(), new ArrayList<>()));
    jdbc.sql(
            """
            select approval_id, approver, decision, comment, responded_at, revision, dismissed
            from approval_responses
            where approval_id = any(cast(? as uuid[])) order by responded_at, approver""")
        .param(uuids(responses.keySet()))
        .query(
            (rs, i) -> {
              responses
                  .get(rs.getObject("approval_id", UUID.class))
                  .add(
                      new StoredResponse(
                              rs.getString("approver"),
                              rs.getString("decision"),
                              rs.getString("comment"),
                              instant(rs, "responded_at"),
                              rs.getInt("revision"),
                              rs.getBoolean("dismissed"))
                          .toResponse());
              return null;
            })
        .list();
    return approvals.stream()
        .map(a -> a.toApproval(json, List.copyOf(responses.get(a.approvalId()))))
        .toList();
  }

  private static StoredApproval row(ResultSet rs, int rowNum) throws SQLException {
    Array approvers = rs.getArray("approvers");
    return new StoredApproval(
        rs.getObject("approval_id", UUID.class),
        rs.getObject("execution_id", UUID.class),
        rs.getString("step_id"),
        rs.getString("step_title"),
        (String[]) approvers.getArray(),
        rs.getString("approval_type"),
        rs.getString("status"),
        instant(rs, "expires_at"),
        rs.getString("reason"),
        rs.getString("owner"),
        rs.getBoolean("prevent_self_approval"),
        jsonb(rs, "context"),
        instant(rs, "created_at"),
        instant(rs, "resolved_at"),
        jsonb(rs, "proposal"),
        rs.getBoolean("editable"),
        jsonb(rs, "proposal_schema"),
        rs.getInt("revision"),
        jsonb(rs, "approver_groups"),
        rs.getString("on_timeout"),
        rs.getBoolean("timed_out"),
        Set.of());
  }

  private static Jsonb jsonb(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? null : new Jsonb(text);
  }

  private static String[] uuids(Collection<UUID> ids) {
    return ids.stream().map(UUID::toString).toArray(String[]::new);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static String typeValue(ApprovalType type) {
    return type.name().toLowerCase(Locale.ROOT);
  }

  private static String decisionValue(Decision decision) {
    return decision.name().toLowerCase(Locale.ROOT);
  }
}
