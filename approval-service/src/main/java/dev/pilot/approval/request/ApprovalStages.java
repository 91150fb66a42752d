package dev.pilot.approval.request;

import dev.pilot.contracts.GroupMembers;
import dev.pilot.contracts.execution.ApprovalRequested;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reminders and escalation planned for each approval (issue 15), and which of them fired. A
 * stage fires at most once: {@link #claimDue} hands each due row to one transaction ({@code SKIP
 * LOCKED}), which sets {@code fired_at} as it publishes the stage's event.
 */
@Repository
public class ApprovalStages {

  private final JdbcClient jdbc;
  private final JsonMapper json;

  ApprovalStages(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * Whether {@link #plan} plans any stage for the request: stored with the approval ({@link
   * Approval#staged}), so that showing one without stages needs no query here.
   */
  static boolean plansAny(ApprovalRequested requested) {
    return (requested.remindAt() != null && !requested.remindAt().isEmpty())
        || escalates(requested.escalation());
  }

  /** The earliest of the request's expiry and planned stages; empty when it has none. */
  static Optional<Instant> earliestDeadline(ApprovalRequested requested) {
    List<Instant> all = new ArrayList<>();
    if (requested.expiresAt() != null) {
      all.add(requested.expiresAt());
    }
    if (requested.remindAt() != null) {
      requested.remindAt().stream().filter(Objects::nonNull).forEach(all::add);
    }
    if (escalates(requested.escalation())) {
      all.add(requested.escalation().at());
    }
    return all.stream().min(Instant::compareTo);
  }

  private static boolean escalates(ApprovalRequested.Escalation escalation) {
    return escalation != null && escalation.at() != null && escalation.approvers() != null;
  }

  /** Plans the request's reminders (numbered from 1) and its escalation, in the caller's tx. */
  void plan(ApprovalRequested requested) {
    List<Instant> reminders = requested.remindAt() == null ? List.of() : requested.remindAt();
    for (int i = 0; i < reminders.size(); i++) {
      insert(requested.approvalId(), Stage.Kind.REMINDER, i + 1, reminders.get(i), null, null);
    }
    ApprovalRequested.Escalation escalation = requested.escalation();
    if (escalates(escalation)) {
      insert(
          requested.approvalId(),
          Stage.Kind.ESCALATION,
          1,
          escalation.at(),
          escalation.approvers().toArray(String[]::new),
          escalation.groups() == null ? null : json.writeValueAsString(escalation.groups()));
    }
  }

  private void insert(
      UUID approvalId, Stage.Kind kind, int number, Instant due, String[] planned, String groups) {
    jdbc.sql(
            """
            insert into approval_stages (approval_id, stage, number, due_at, planned, groups)
            values (?, ?, ?, ?, ?, cast(? as jsonb)) on conflict do nothing""")
        .params(approvalId, kind.value(), number, Timestamp.from(due), planned, groups)
        .update();
  }

  /**
   * Locks up to {@code limit} due, unfired stages of pending approvals, earliest first, skipping
   * rows another transaction holds.
   */
  public List<Stage> claimDue(Instant now, int limit) {
    return jdbc.sql(
            """
            select s.* from approval_stages s
            join approval_requests r on r.approval_id = s.approval_id
            where s.fired_at is null and s.due_at <= ? and r.status = 'pending'
            order by s.due_at, s.stage, s.number limit ?
            for update of s skip locked""")
        .params(Timestamp.from(now), limit)
        .query(this::row)
        .list();
  }

  /** Records that the stage fired, and whom it reminded or added. */
  public void fired(Stage stage, Instant at, List<String> notified) {
    jdbc.sql(
            """
            update approval_stages set fired_at = ?, notified = ?
            where approval_id = ? and stage = ? and number = ? and fired_at is null""")
        .params(
            Timestamp.from(at),
            notified.toArray(String[]::new),
            stage.approvalId(),
            stage.kind().value(),
            stage.number())
        .update();
  }

  /**
   * The stages of each approval, by due time: those that fired, and while it is pending those still
   * to come (resolving drops those).
   */
  public Map<UUID, List<Stage>> of(Collection<UUID> approvalIds) {
    Map<UUID, List<Stage>> byApproval = new HashMap<>();
    if (approvalIds.isEmpty()) {
      return byApproval;
    }
    jdbc.sql(
            """
            select * from approval_stages where approval_id = any(cast(? as uuid[]))
            order by due_at, stage, number""")
        .param(approvalIds.stream().map(UUID::toString).toArray(String[]::new))
        .query(this::row)
        .list()
        .forEach(s -> byApproval.computeIfAbsent(s.approvalId(), id -> new ArrayList<>()).add(s));
    return byApproval;
  }

  /** The stages of the approval, as above; no query for one that has none. */
  public List<Stage> of(Approval approval) {
    return approval.staged()
        ? of(List.of(approval.approvalId())).getOrDefault(approval.approvalId(), List.of())
        : List.of();
  }

  /** The stages of each of the approvals, as above; only those that have some are queried. */
  public Map<UUID, List<Stage>> ofAll(Collection<Approval> approvals) {
    return of(approvals.stream().filter(Approval::staged).map(Approval::approvalId).toList());
  }

  private Stage row(ResultSet rs, int rowNum) throws SQLException {
    Timestamp fired = rs.getTimestamp("fired_at");
    String groups = rs.getString("groups");
    return new Stage(
        rs.getObject("approval_id", UUID.class),
        Stage.Kind.parse(rs.getString("stage")),
        rs.getInt("number"),
        rs.getTimestamp("due_at").toInstant(),
        names(rs.getArray("planned")),
        groups == null ? List.of() : List.of(json.readValue(groups, GroupMembers[].class)),
        fired == null ? null : fired.toInstant(),
        names(rs.getArray("notified")));
  }

  private static List<String> names(Array array) throws SQLException {
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }
}
