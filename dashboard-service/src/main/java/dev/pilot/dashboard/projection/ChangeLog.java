package dev.pilot.dashboard.projection;

import dev.pilot.dashboard.running.RunningExecutions;
import java.sql.Types;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Appends to the change feed. A transaction-scoped advisory lock makes change ids commit in id
 * order, so a reader that has seen id N has seen every change below N: Last-Event-ID resume and the
 * LISTEN fan-out can never skip a change committed late.
 */
@Component
class ChangeLog {

  static final long FEED_LOCK = 0x64617368L; // "dash"

  /**
   * One change-feed row: kind upsert, removed or reset.
   *
   * @param averageOf when not null, the payload's {@code average_duration_ms} is set to this
   *     agent's average as the append reads it (after the batch's row writes and their triggers)
   */
  record Entry(
      UUID executionId,
      String kind,
      Collection<String> viewers,
      Collection<String> dropped,
      String payload,
      UUID averageOf) {

    Entry(
        UUID executionId,
        String kind,
        Collection<String> viewers,
        Collection<String> dropped,
        String payload) {
      this(executionId, kind, viewers, dropped, payload, null);
    }
  }

  private final NamedParameterJdbcTemplate named;

  ChangeLog(NamedParameterJdbcTemplate named) {
    this.named = named;
  }

  /**
   * Appends the entries under one lock, in their order, with one statement. The lock is a
   * materialized CTE the rows are joined with, so no row (and no id, drawn as a row is inserted)
   * exists before the lock is held. (Not {@code where exists (select pg_advisory_xact_lock(…))}:
   * PostgreSQL drops an EXISTS sub-query's select list, and the lock with it.) The rows take their
   * ids in the order listed.
   */
  void append(List<Entry> entries) {
    MultiRow.write(
        named,
        "with feed_lock as materialized (select pg_advisory_xact_lock("
            + FEED_LOCK
            + ")) insert into changes (execution_id, kind, viewers, dropped, payload)"
            + " select entry.execution_id, entry.kind, entry.viewers, entry.dropped,"
            + " case when entry.average_of is null then entry.payload else entry.payload"
            + " || jsonb_build_object('"
            + RunningExecutions.AVERAGE_DURATION
            + "', "
            + RunningExecutions.averageDuration("entry.average_of")
            + ") end from (",
        // Casts: in a values list that is not an insert's own, each column takes its type from
        // the values (a reset's null execution id alone would be text).
        "(cast(:execution_id as uuid), cast(:kind as text), cast(:viewers as text[]),"
            + " cast(:dropped as text[]), cast(:payload as jsonb), cast(:average_of as uuid))",
        ") as entry (execution_id, kind, viewers, dropped, payload, average_of), feed_lock",
        entries.stream()
            .map(
                e ->
                    new MapSqlParameterSource()
                        .addValue("execution_id", e.executionId(), Types.OTHER)
                        .addValue("kind", e.kind(), Types.VARCHAR)
                        .addValue("viewers", e.viewers().toArray(String[]::new))
                        .addValue("dropped", e.dropped().toArray(String[]::new))
                        .addValue("payload", e.payload(), Types.VARCHAR)
                        .addValue("average_of", e.averageOf(), Types.OTHER))
            .toList());
  }
}
