package dev.pilot.dashboard.stream;

import static dev.pilot.dashboard.SqlValues.strings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads and prunes the change feed (blocking JDBC, never on the event loop). */
@Repository
class ChangeFeed {

  private final JdbcClient jdbc;

  ChangeFeed(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Makes the current transaction repeatable read: its reads all see one snapshot. Must be its
   * first statement.
   */
  void repeatableRead() {
    jdbc.sql("set transaction isolation level repeatable read").update();
  }

  long latestId() {
    return jdbc.sql("select coalesce(max(id), 0) from changes").query(Long.class).single();
  }

  /** Whether every change after {@code id} is still in the feed. */
  boolean retainsAfter(long id) {
    Long oldest = jdbc.sql("select min(id) from changes").query(Long.class).optional().orElse(null);
    return oldest == null ? id == 0 : id >= oldest - 1;
  }

  List<Change> after(long id, int max) {
    return jdbc.sql("select * from changes where id > :after order by id limit :max")
        .param("after", id)
        .param("max", max)
        .query((rs, n) -> map(rs))
        .list();
  }

  /** Changes in (after, upTo] that concern the user, or that reset everyone; at most max + 1. */
  List<Change> forUser(String user, long after, long upTo, int max) {
    return jdbc.sql(
            """
            select * from changes where id > :after and id <= :up_to
              and (viewers @> array[:user]::text[] or dropped @> array[:user]::text[]
                or kind = 'reset')
            order by id limit :max
            """)
        .param("after", after)
        .param("up_to", upTo)
        .param("user", user)
        .param("max", max + 1)
        .query((rs, n) -> map(rs))
        .list();
  }

  /** Deletes changes older than the retention, always keeping the newest one. */
  int prune(Duration retention) {
    return jdbc.sql(
            """
            delete from changes where created_at < now() - make_interval(secs => :seconds)
              and id < (select max(id) from changes)
            """)
        .param("seconds", retention.toSeconds())
        .update();
  }

  private static Change map(ResultSet rs) throws SQLException {
    return new Change(
        rs.getLong("id"),
        rs.getObject("execution_id", UUID.class),
        rs.getString("kind"),
        strings(rs.getArray("viewers")),
        strings(rs.getArray("dropped")),
        rs.getString("payload"));
  }
}
