package dev.pilot.platform.inbox;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Remembers which events a consumer applied, inside the consumer's own transaction: a redelivered
 * or replayed event finds its row and is skipped, and a rolled-back handler leaves no row behind.
 */
public class Inbox {

  private final JdbcClient jdbc;

  public Inbox(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** True the first time this consumer sees the event; false for every repeat. */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean firstDelivery(String consumer, UUID eventId) {
    return jdbc.sql(
                "insert into processed_events (consumer, event_id) values (?, ?) on conflict do nothing")
            .params(consumer, eventId)
            .update()
        == 1;
  }
}
