package dev.pilot.approval.timeout;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Whether a sweep has anything to do: one statement outside any transaction, through the same
 * partial indexes the sweeps' claims use. Nearly every sweep finds nothing, and opening the two
 * sweeps' transactions to find that out was four statements every half second on an idle service.
 */
@Repository
class Deadlines {

  private final JdbcClient jdbc;

  Deadlines(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Whether at {@code now} a pending approval is past its expiry or has an unfired stage due. Only
   * a hint: the sweeps claim what is due under row locks, so a stale answer costs at most one sweep
   * interval, never a stage fired twice or an approval expired twice.
   */
  boolean anyPassed(Instant now) {
    Timestamp at = Timestamp.from(now);
    return jdbc.sql(
            """
            select exists (select 1 from approval_requests
                           where status = 'pending' and expires_at <= ?)
                or exists (select 1 from approval_stages s
                           join approval_requests r on r.approval_id = s.approval_id
                           where s.fired_at is null and s.due_at <= ? and r.status = 'pending')""")
        .params(at, at)
        .query(Boolean.class)
        .single();
  }
}
