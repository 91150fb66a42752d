package dev.pilot.approval.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notifications waiting to be sent. A claim takes due rows with {@code SKIP LOCKED} and moves
 * them to the end of a lease in the same statement, so instances claiming together each get other
 * rows, and a row whose sender died becomes due again when its lease ends.
 */
@Repository
class NotificationOutbox {

  /** A claimed notification; {@code attempts} counts this one. */
  record Claimed(
      UUID notificationId,
      String recipient,
      NotificationKind kind,
      String channel,
      Notice notice,
      Instant enqueuedAt,
      int attempts) {}

  private final JdbcClient jdbc;
  private final JsonMapper json;

  NotificationOutbox(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  List<Claimed> claimDue(Instant now, Instant leaseEnd, int limit) {
    return jdbc.sql(
            """
            update notifications n
            set attempts = n.attempts + 1, next_attempt_at = :lease_end
            from (select notification_id from notifications
                  where sent_at is null and failed_at is null and next_attempt_at <= :now
                  order by next_attempt_at
                  limit :limit
                  for update skip locked) due
            where n.notification_id = due.notification_id
            returning n.notification_id, n.recipient, n.kind, n.channel, n.notice::text as notice,
                n.created_at, n.attempts""")
        .param("now", Timestamp.from(now))
        .param("lease_end", Timestamp.from(leaseEnd))
        .param("limit", limit)
        .query(this::claimed)
        .list();
  }

  void sent(UUID notificationId, Instant at) {
    jdbc.sql(
            """
            update notifications set sent_at = :at, last_error = null
            where notification_id = :id and sent_at is null""")
        .param("id", notificationId)
        .param("at", Timestamp.from(at))
        .update();
  }

  /** Another attempt at {@code retryAt}. */
  void retryAt(UUID notificationId, String error, Instant retryAt) {
    jdbc.sql(
            """
            update notifications set last_error = :error, next_attempt_at = :retry_at
            where notification_id = :id and sent_at is null""")
        .param("id", notificationId)
        .param("error", shortened(error))
        .param("retry_at", Timestamp.from(retryAt))
        .update();
  }

  /** No further attempt: kept with the reason, for the operator. */
  void givenUp(UUID notificationId, String error, Instant at) {
    jdbc.sql(
            """
            update notifications set last_error = :error, failed_at = :at
            where notification_id = :id and sent_at is null""")
        .param("id", notificationId)
        .param("error", shortened(error))
        .param("at", Timestamp.from(at))
        .update();
  }

  private static String shortened(String error) {
    return error.length() > 1000 ? error.substring(0, 1000) : error;
  }

  private Claimed claimed(ResultSet rs, int row) throws SQLException {
    return new Claimed(
        rs.getObject("notification_id", UUID.class),
        rs.getString("recipient"),
        NotificationKind.parse(rs.getString("kind")),
        rs.getString("channel"),
        json.readValue(rs.getString("notice"), Notice.class),
        rs.getTimestamp("created_at").toInstant(),
        rs.getInt("attempts"));
  }
}
