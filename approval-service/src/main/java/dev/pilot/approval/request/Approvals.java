package dev.pilot.approval.request;

import dev.pilot.approval.request.StoredApproval.StoredResponse;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.platform.outbox.GuardedChange;
import dev.pilot.platform.outbox.OutboxRows;
import dev.pilot.platform.tracing.Traces;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored approval requests and their responses. Row locks are the callers' transactions'.
 *
 * <p>An approval read as it is ({@link #find}: the API, link pages) is loaded whole by Spring Data
 * JDBC ({@link StoredApproval}). The rest is written by hand for a reason: the loads that lock
 * ({@code for update}, {@code skip locked}), among them the answer's ({@link #lockToAnswer}), serve
 * the answer, expiry and escalation paths, which the benchmark measures hot; each reads an
 * approval's responses in its own row (one JSON array), so one statement reads one approval or
 * many, where Spring Data JDBC issues two, or one per approval more. Writes change one part of an
 * approval under its row lock (a response appended, a status, the approvers, a revision): saving
 * the whole aggregate would delete and insert every response again on each answer.
 */
@Repository
public class Approvals {

  /** The columns of {@link StoredApproval}, for the hand-written loads. */
  private static final String COLUMNS =
      """
      approval_id, execution_id, step_id, step_title, approvers, approval_type, status,
      expires_at, reason, owner, prevent_self_approval, context, created_at, resolved_at,
      proposal::text as proposal, editable, proposal_schema::text as proposal_schema, revision,
      approver_groups::text as approver_groups, on_timeout, timed_out, staged""";

  /**
   * The approval's responses in the order they came, as one JSON array in its row (one round trip,
   * not two), for the approval whose id is {@code approval.approval_id}.
   */
  private static final String RESPONSES =
      """
      (select json_agg(json_build_array(r.approver, r.decision, r.comment, r.responded_at,
                                        r.revision, r.dismissed)
                       order by r.responded_at, r.approver)
       from approval_responses r where r.approval_id = approval.approval_id)::text as responses""";

  /**
   * The select list and table of the hand-written loads that do not lock: the columns and, in the
   * same row, the responses. Not for a load that locks: a {@code for update} that waited for
   * another transaction returns the row as that one committed it, but reads other tables, as the
   * responses, in the snapshot taken before it waited ({@link #lockToAnswer} checks for that; the
   * other locking loads read their responses after the lock, {@link #withResponses}).
   */
  private static final String READ =
      COLUMNS + ", " + RESPONSES + " from approval_requests approval";

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

  /** A request to open: the approvers who may answer it, and the trace it is opened in. */
  record Opening(ApprovalRequested requested, List<String> approvers, String traceparent) {}

  /** Rows per opening statement: 18 parameters each, far below PostgreSQL's 32,767. */
  private static final int OPENINGS_PER_STATEMENT = 200;

  private static final String OPENING_ROW =
      """
      (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, cast(? as jsonb),
       cast(? as jsonb), ?, ?, ?)""";

  /**
   * Stores a new pending request (and its proposal as revision 1); false when one with this id
   * already exists.
   */
  boolean create(ApprovalRequested requested, List<String> approvers) {
    return !createAll(List.of(new Opening(requested, approvers, traces.current()))).isEmpty();
  }

  /**
   * Stores the new pending requests (and each proposal as revision 1), one statement for up to 200
   * of them (their revisions included); returns the ids of those created, so without the ones that
   * already existed (a redelivery) or came twice.
   */
  Set<UUID> createAll(List<Opening> openings) {
    Map<UUID, Opening> distinct = new LinkedHashMap<>();
    openings.forEach(o -> distinct.putIfAbsent(o.requested().approvalId(), o));
    List<Opening> all = List.copyOf(distinct.values());
    Map<UUID, String> proposals = new HashMap<>();
    all.forEach(
        o -> proposals.put(o.requested().approvalId(), jsonOrNull(o.requested().proposal())));
    Set<UUID> created = new HashSet<>();
    for (int from = 0; from < all.size(); from += OPENINGS_PER_STATEMENT) {
      List<Opening> some = all.subList(from, Math.min(all.size(), from + OPENINGS_PER_STATEMENT));
      created.addAll(insert(some, proposals));
    }
    return created;
  }

  private List<UUID> insert(List<Opening> openings, Map<UUID, String> proposals) {
    List<Object> params = new ArrayList<>(openings.size() * 18);
    for (Opening opening : openings) {
      ApprovalRequested requested = opening.requested();
      params.addAll(
          Arrays.asList(
              requested.approvalId(),
              requested.executionId(),
              requested.stepId(),
              requested.stepTitle(),
              opening.approvers().toArray(String[]::new),
              typeValue(requested.approvalType()),
              timestamp(requested.expiresAt()),
              requested.reason(),
              requested.owner(),
              requested.preventSelfApproval(),
              requested.context() == null ? null : json.writeValueAsString(requested.context()),
              proposals.get(requested.approvalId()),
              Boolean.TRUE.equals(requested.editable()),
              jsonOrNull(requested.proposalSchema()),
              jsonOrNull(requested.approverGroups()),
              requested.timeoutOutcome().name().toLowerCase(Locale.ROOT),
              opening.traceparent(),
              ApprovalStages.plansAny(requested)));
    }
    // Each execution's approval-event counter is created with its first approval (at 0), so that
    // an answer can lock it with the approval's row and number its events without asking again;
    // a proposal is kept as revision 1 by the same statement, only for the approvals it created.
    return jdbc.sql(
            """
            with opened as (
              insert into approval_requests (approval_id, execution_id, step_id, step_title,
                  approvers, approval_type, expires_at, reason, owner, prevent_self_approval,
                  context, proposal, editable, proposal_schema, approver_groups, on_timeout,
                  traceparent, staged)
              values %s
              on conflict (approval_id) do nothing
              returning approval_id, execution_id, proposal),
            revised as (
              insert into approval_revisions (approval_id, revision, proposal)
              select approval_id, 1, proposal from opened where proposal is not null),
            counted as (
              insert into execution_sequences (execution_id, last_sequence)
              select distinct execution_id, 0 from opened
              on conflict (execution_id) do nothing)
            select approval_id from opened"""
                .formatted(String.join(", ", Collections.nCopies(openings.size(), OPENING_ROW))))
        .params(params)
        .query(UUID.class)
        .list();
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
   * An approval locked for an answer, and the last approval-event sequence number of its execution,
   * whose counter row is locked too; null when the execution has no counter row (an approval opened
   * before {@link #create} made one).
   */
  public record Locked(Approval approval, Long lastSequence) {}

  /**
   * Locks the approval's row, then its execution's event counter (the order every path takes),
   * until the calling transaction ends, and reads both: the answer's one statement before its
   * writes. A {@code for update} that waited for another transaction returns the row as that one
   * committed it, but reads the responses (another table) in the snapshot taken before it waited;
   * so the statement also reads the row's version in that snapshot, and when the two versions
   * differ (every change, an answer included, moves it under the row lock) the responses are read
   * again now that the row is locked.
   */
  public Optional<Locked> lockToAnswer(UUID approvalId) {
    return jdbc.sql(
            """
            with approval as (
              select %s, version from approval_requests where approval_id = ? for update)
            select approval.*,
              (select s.version from approval_requests s
               where s.approval_id = approval.approval_id) as seen_version,
              %s,
              (select last_sequence from execution_sequences q
               where q.execution_id = approval.execution_id for update) as last_sequence
            from approval"""
                .formatted(COLUMNS, RESPONSES))
        .param(approvalId)
        .query(
            (rs, n) -> {
              long last = rs.getLong("last_sequence");
              Long lastSequence = rs.wasNull() ? null : last;
              boolean seen = rs.getInt("version") == rs.getInt("seen_version");
              return new LockedRow(
                  seen ? approval(rs, n) : null, seen ? null : row(rs, n), lastSequence);
            })
        .optional()
        .map(
            locked ->
                new Locked(
                    locked.approval() != null
                        ? locked.approval()
                        : withResponses(List.of(locked.stale())).get(0),
                    locked.lastSequence()));
  }

  /** The locked row: the approval, or when its responses were read too early, the row alone. */
  private record LockedRow(Approval approval, StoredApproval stale, Long lastSequence) {}

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
    return jdbc.sql(
            "select "
                + READ
                + " where "
                + condition
                + " and (cast(? as text) is null or status = ?)"
                + " order by created_at desc, approval_id limit ?")
        .params(user, statusValue, statusValue, limit)
        .query(this::approval)
        .list();
  }

  /**
   * Stores one answer (the primary key refuses a second one from the same approver) and moves the
   * row's version, as {@link #answer} does, without resolving or announcing anything.
   */
  void addResponse(UUID approvalId, RecordedResponse response) {
    jdbc.sql(
            """
            with responded as (
              insert into approval_responses (approval_id, approver, decision, comment,
                  responded_at, revision)
              values (?, ?, ?, ?, ?, ?))
            update approval_requests set version = version + 1 where approval_id = ?""")
        .params(
            approvalId,
            response.approver(),
            decisionValue(response.decision()),
            response.comment(),
            timestamp(response.respondedAt()),
            response.revision(),
            approvalId)
        .update();
  }

  /**
   * What {@link #answer} wrote: the last event sequence number it took; {@code pending} whether the
   * approval was still pending (it is under the caller's row lock; else nothing counts).
   */
  record Answered(long lastSequence, boolean pending) {}

  /**
   * Stores one answer (the primary key refuses a second one from the same approver) and, when
   * {@code resolution} is not null (the answer decides the approval), moves the still pending
   * approval to it and drops its unfired stages, as {@link #markResolved} does (the row's version
   * moves either way, as every change under the row lock moves it: see {@link #lockToAnswer}); and
   * takes the execution's next sequence numbers for the events that announce this, one for the
   * answer and one for the resolution, as {@link ExecutionSequences} does (locking the counter row
   * until the transaction ends). One statement, one round trip, for what took four.
   */
  Answered answer(
      Approval approval, RecordedResponse response, ApprovalStatus resolution, Instant resolvedAt) {
    Map<String, Object> params = answerParameters(approval, response, resolution, resolvedAt);
    params.put("execution_id", approval.executionId());
    return jdbc.sql(
            """
            with responded as (
              insert into approval_responses (approval_id, approver, decision, comment,
                  responded_at, revision)
              values (:approval_id, :approver, :decision, :comment, :responded_at, :revision)),
            answered as (
              """
                + ANSWER_UPDATE
                + """
              returning approval_id, cast(:status as text) is not null as resolved),
            dropped as (
              delete from approval_stages s using answered
              where answered.resolved and s.approval_id = answered.approval_id
                and s.fired_at is null),
            sequenced as (
              insert into execution_sequences as q (execution_id, last_sequence)
              values (:execution_id, 1 + (select count(*) from answered where resolved))
              on conflict (execution_id)
              do update set last_sequence = q.last_sequence + excluded.last_sequence
              returning last_sequence)
            select last_sequence, (select count(*) from answered) as answered
            from sequenced""")
        .params(params)
        .query((rs, n) -> new Answered(rs.getLong(1), rs.getInt(2) == 1))
        .single();
  }

  /**
   * As {@link #answer}, for a caller that holds the execution's counter row ({@link #lockToAnswer})
   * and so numbered the events itself, up to {@code lastSequence}: the writes, the counter and the
   * events ({@code published}) in one statement. False, and nothing written, when the approval was
   * not pending (it is under the caller's row lock).
   */
  boolean answer(
      Approval approval,
      RecordedResponse response,
      ApprovalStatus resolution,
      Instant resolvedAt,
      long lastSequence,
      OutboxRows published) {
    Map<String, Object> params = answerParameters(approval, response, resolution, resolvedAt);
    params.put("last_sequence", lastSequence);
    return GuardedChange.of(ANSWER_UPDATE + " returning approval_id, execution_id", params)
            .with(
                """
                insert into approval_responses (approval_id, approver, decision, comment,
                    responded_at, revision)
                select approval_id, cast(:approver as text), cast(:decision as text),
                    cast(:comment as text), cast(:responded_at as timestamptz),
                    cast(:revision as integer)
                from changed""",
                Map.of())
            .with(
                """
                delete from approval_stages s using changed
                where cast(:status as text) is not null and s.approval_id = changed.approval_id
                  and s.fired_at is null""",
                Map.of())
            .with(
                """
                update execution_sequences q set last_sequence = :last_sequence from changed
                where q.execution_id = changed.execution_id""",
                Map.of())
            .publishing(published)
            .execute(jdbc)
        == 1;
  }

  /**
   * An answer's update of its approval, for both forms of {@code answer}: the version moves, and
   * when the answer decides the approval (a non-null {@code :status}) so do its status and {@code
   * resolved_at}; only while it is pending.
   */
  private static final String ANSWER_UPDATE =
      """
      update approval_requests
      set version = version + 1,
          status = coalesce(cast(:status as text), status),
          resolved_at = case when cast(:status as text) is null then resolved_at
                             else cast(:resolved_at as timestamptz) end
      where approval_id = :approval_id and status = 'pending'
      """;

  /** The parameters both forms of {@code answer} bind: the response and the resolution, if any. */
  private static Map<String, Object> answerParameters(
      Approval approval, RecordedResponse response, ApprovalStatus resolution, Instant resolvedAt) {
    Map<String, Object> params = new HashMap<>();
    params.put("approval_id", approval.approvalId());
    params.put("approver", response.approver());
    params.put("decision", decisionValue(response.decision()));
    params.put("comment", response.comment());
    params.put("responded_at", timestamp(response.respondedAt()));
    params.put("revision", response.revision());
    params.put("status", resolution == null ? null : resolution.value());
    params.put("resolved_at", timestamp(resolvedAt));
    return params;
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

  /** The approvals with their responses, read by a statement of their own (after any lock). */
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
        .param(responses.keySet().stream().map(UUID::toString).toArray(String[]::new))
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

  /**
   * An approval from a row of {@link #READ}: its responses come as one JSON array of arrays
   * (approver, decision, comment, responded_at, revision, dismissed) in the order they came.
   */
  private Approval approval(ResultSet rs, int rowNum) throws SQLException {
    StoredApproval stored = row(rs, rowNum);
    String responses = rs.getString("responses");
    if (responses == null) {
      return stored.toApproval(json, List.of());
    }
    List<RecordedResponse> recorded = new ArrayList<>();
    for (JsonNode r : json.readTree(responses)) {
      recorded.add(
          new StoredResponse(
                  r.get(0).asString(),
                  r.get(1).asString(),
                  r.get(2).isNull() ? null : r.get(2).asString(),
                  OffsetDateTime.parse(r.get(3).asString()).toInstant(),
                  r.get(4).asInt(),
                  r.get(5).asBoolean())
              .toResponse());
    }
    return stored.toApproval(json, List.copyOf(recorded));
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
        rs.getBoolean("staged"),
        Set.of());
  }

  private static Jsonb jsonb(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? null : new Jsonb(text);
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
