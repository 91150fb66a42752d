package dev.pilot.dashboard.projection;

import java.sql.Types;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
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
  private final NamedParameterJdbcTemplate named;

  ChangeLog(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
    this.jdbc = jdbc;
    this.named = named;
  }

  /** Appends the entries under one lock, in their order. */
  void append(List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    jdbc.sql("select pg_advisory_xact_lock(:lock)")
        .param("lock", FEED_LOCK)
        .query((rs, n) -> 1)
        .list();
    // One statement for the batch; the rows take their ids in this order (the lock above makes
    // them commit in id order too).
    MultiRow.write(
        named,
        "insert into changes (execution_id, kind, viewers, dropped, payload)",
        "(:execution_id, :kind, :viewers, :dropped, cast(:payload as jsonb))",
        "",
        entries.stream()
            .map(
                e ->
                    new MapSqlParameterSource()
                        .addValue("execution_id", e.executionId(), Types.OTHER)
                        .addValue("kind", e.kind(), Types.VARCHAR)
                        .addValue("viewers", e.viewers().toArray(String[]::new))
                        .addValue("dropped", e.dropped().toArray(String[]::new))
                        .addValue("payload", e.payload(), Types.VARCHAR))
            .toList());
  }
}
