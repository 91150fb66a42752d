package dev.pilot.platform.outbox;

import dev.pilot.contracts.PilotEvent;
import dev.pilot.platform.events.EventCodec;
import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where a service puts the events of a state change. Must be called inside the transaction that
 * makes the change, so the event exists if and only if the change committed.
 */
public class Outbox {

  private final JdbcClient jdbc;
  private final EventCodec codec;

  public Outbox(JdbcClient jdbc, EventCodec codec) {
    this.jdbc = jdbc;
    this.codec = codec;
  }

  /** Queues the event for the topic, keyed by its execution id. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void append(String topic, PilotEvent event) {
    jdbc.sql(
            """
            insert into outbox_events
              (topic, message_key, event_id, event_type, schema_version, occurred_at, payload)
            values (?, ?, ?, ?, ?, ?, ?)""")
        .params(
            topic,
            event.executionId().toString(),
            event.eventId(),
            event.eventType(),
            event.schemaVersion(),
            Timestamp.from(event.occurredAt()),
            codec.write(event))
        .update();
  }
}
