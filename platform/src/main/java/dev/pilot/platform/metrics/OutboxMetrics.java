package dev.pilot.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code pilot_outbox_pending} (events not yet acknowledged by the broker) and {@code
 * pilot_outbox_oldest_age_seconds} (how long the oldest of them has waited): normally near zero,
 * growing while the relay or the broker is down. Read from the table at most once a second however
 * often it is scraped.
 */
final class OutboxMetrics implements MeterBinder {

  private static final Duration FRESH = Duration.ofSeconds(1);

  private record Backlog(long pending, double oldestAgeSeconds, Instant readAt) {}

  private final JdbcClient jdbc;
  private final Clock clock = Clock.systemUTC();
  private volatile Backlog last = new Backlog(0, 0, Instant.EPOCH);

  OutboxMetrics(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("pilot.outbox.pending", this, m -> m.backlog().pending())
        .description("Events in the outbox not yet acknowledged by the broker")
        .register(registry);
    Gauge.builder("pilot.outbox.oldest.age", this, m -> m.backlog().oldestAgeSeconds())
        .description("Seconds the oldest event in the outbox has waited")
        .baseUnit("seconds")
        .register(registry);
  }

  private Backlog backlog() {
    Backlog known = last;
    Instant now = clock.instant();
    if (Duration.between(known.readAt(), now).compareTo(FRESH) < 0) {
      return known;
    }
    try {
      known =
          jdbc.sql(
                  "select count(*), coalesce(extract(epoch from now() - min(occurred_at)), 0)"
                      + " from outbox_events")
              .query((rs, row) -> new Backlog(rs.getLong(1), rs.getDouble(2), now))
              .single();
    } catch (RuntimeException e) {
      // The database is unreachable: the last figures stay, the health check tells the rest.
      known = new Backlog(known.pending(), known.oldestAgeSeconds(), now);
    }
    last = known;
    return known;
  }
}
