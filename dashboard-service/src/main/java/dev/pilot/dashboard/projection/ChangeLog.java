package dev.pilot.dashboard.projection;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Appends to the change feed. A transaction-scoped advisory lock makes change ids commit in id
 * order, so a reader that has seen id N has seen every change below N: Last-Event-ID resume and the
 * LISTEN fan-out can never skip a change committed late.
 */
@Component
class ChangeLog {

  private static final long FEED_LOCK = 0x64617368L; // "dash"

  /** One change-feed row: kind upsert, removed or reset. */
  record Entry(
      UUID executionId,
      String kind,
      Collection<String> viewers,
      Collection<String> dropped,
      String payload) {}

  private final JdbcClient jdbc;
  private final JdbcTemplate jdbcTemplate;

  ChangeLog(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
    this.jdbc = jdbc;
    this.jdbcTemplate = jdbcTemplate;
  }

  /** Appends the entries under one lock, in their order. */
  void append(List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    jdbc.sql("select pg_advisory_xact_lock(?)").param(FEED_LOCK).query((rs, n) -> 1).list();
    jdbcTemplate.batchUpdate(
        "insert into changes (execution_id, kind, viewers, dropped, payload)"
            + " values (?, ?, ?, ?, cast(? as jsonb))",
        entries,
        500,
        (ps, e) -> {
          ps.setObject(1, e.executionId(), java.sql.Types.OTHER);
          ps.setString(2, e.kind());
          ps.setObject(3, e.viewers().toArray(String[]::new));
          ps.setObject(4, e.dropped().toArray(String[]::new));
          ps.setString(5, e.payload());
        });
  }
}
