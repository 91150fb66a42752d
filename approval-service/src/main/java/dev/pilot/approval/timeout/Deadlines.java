package dev.pilot.approval.timeout;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * When a sweep has something to do: one statement outside any transaction, through the same partial
 * indexes the sweeps' claims use. Nearly every sweep finds nothing, and opening the two sweeps'
 * transactions to find that out was four statements every half second on an idle service.
 */
@Repository
class Deadlines {

  private final JdbcClient jdbc;

  Deadlines(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The earliest expiry of a pending approval or due time of an unfired stage of one; empty when
   * there is none. Only a hint: the sweeps claim what is due under row locks, so a stale answer
   * delays a sweep, never fires a stage or expires an approval twice.
   */
  Optional<Instant> earliest() {
    return jdbc.sql(
            """
            select least(
                (select min(expires_at) from approval_requests where status = 'pending'),
                (select min(s.due_at) from approval_stages s
                 join approval_requests r on r.approval_id = s.approval_id
                 where s.fired_at is null and r.status = 'pending'))""")
        .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
        .single();
  }
}
