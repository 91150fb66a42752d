package dev.pilot.dashboard.projection;

import java.util.Collection;
import java.util.UUID;
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

  private final JdbcClient jdbc;

  ChangeLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void append(
      UUID executionId,
      String kind,
      Collection<String> viewers,
      Collection<String> dropped,
      String payload) {
    jdbc.sql("select pg_advisory_xact_lock(?)").param(FEED_LOCK).query((rs, n) -> 1).list();
    jdbc.sql(
            "insert into changes (execution_id, kind, viewers, dropped, payload)"
                + " values (?, ?, ?, ?, cast(? as jsonb))")
        .params(
            executionId,
            kind,
            viewers.toArray(String[]::new),
            dropped.toArray(String[]::new),
            payload)
        .update();
  }
}
