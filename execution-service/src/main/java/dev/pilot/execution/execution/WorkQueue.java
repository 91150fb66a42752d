package dev.pilot.execution.execution;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The leases of claimed executions, kept apart from their transitions: the renewer extends the
 * leases this instance holds (and learns which were lost), a stop signal asks which are still held,
 * and a graceful stop hands them back. Claims themselves are {@link Executions#lockRunnable} and a
 * transition ({@code Execution#claimed}).
 */
@Repository
class WorkQueue {

  private final JdbcClient jdbc;

  WorkQueue(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Extends the leases that are still held; returns their tokens (a missing one was lost). */
  Set<UUID> renewLeases(Collection<UUID> tokens, Instant until) {
    if (tokens.isEmpty()) {
      return Set.of();
    }
    return Set.copyOf(
        jdbc.sql(
                "update workflow_executions set lease_until = :until, run_at = :until"
                    + " where lease_token = any(:tokens::uuid[]) returning lease_token")
            .param("until", Executions.ts(until))
            .param("tokens", uuids(tokens))
            .query(UUID.class)
            .list());
  }

  /**
   * Which of {@code tokens} still hold a running execution; the others' runs were paused,
   * cancelled, or taken over after the lease expired.
   */
  Set<UUID> stillHeld(Collection<UUID> tokens) {
    if (tokens.isEmpty()) {
      return Set.of();
    }
    return Set.copyOf(
        jdbc.sql(
                "select lease_token from workflow_executions"
                    + " where lease_token = any(:tokens::uuid[]) and status = 'running'")
            .param("tokens", uuids(tokens))
            .query(UUID.class)
            .list());
  }

  /** Hands executions back to the queue, runnable at once. */
  int releaseLeases(Collection<UUID> tokens, Instant now) {
    if (tokens.isEmpty()) {
      return 0;
    }
    return jdbc.sql(
            """
            update workflow_executions
            set lease_owner = null, lease_token = null, lease_until = null, run_at = :now
            where lease_token = any(:tokens::uuid[]) and status = 'running'""")
        .param("now", Executions.ts(now))
        .param("tokens", uuids(tokens))
        .update();
  }

  private static String[] uuids(Collection<UUID> ids) {
    return ids.stream().map(UUID::toString).toArray(String[]::new);
  }
}
