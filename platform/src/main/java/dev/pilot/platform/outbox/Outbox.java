package dev.pilot.platform.outbox;

import dev.pilot.contracts.PilotEvent;
import dev.pilot.platform.events.EventCodec;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where a service puts the events of a state change. Must be called inside the transaction that
 * makes the change, so the event exists if and only if the change committed.
 */
public class Outbox {

  private static final String INSERT =
      "insert into outbox_events"
          + " (topic, message_key, event_id, event_type, schema_version, occurred_at, payload)"
          + " values ";
  private static final String ROW = "(?, ?, ?, ?, ?, ?, ?)";

  private final JdbcClient jdbc;
  private final EventCodec codec;

  public Outbox(JdbcClient jdbc, EventCodec codec) {
    this.jdbc = jdbc;
    this.codec = codec;
  }

  /** Queues the event for the topic, keyed by its execution id. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void append(String topic, PilotEvent event) {
    appendAll(topic, List.of(event));
  }

  /**
   * Queues the events for the topic in one statement (one round trip), each keyed by its execution
   * id; they are published in list order.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void appendAll(String topic, List<? extends PilotEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    StringBuilder sql = new StringBuilder(INSERT);
    List<Object> params = new ArrayList<>(events.size() * 7);
    for (PilotEvent event : events) {
      if (!params.isEmpty()) {
        sql.append(", ");
      }
      sql.append(ROW);
      params.add(topic);
      params.add(event.executionId().toString());
      params.add(event.eventId());
      params.add(event.eventType());
      params.add(event.schemaVersion());
      params.add(Timestamp.from(event.occurredAt()));
      params.add(codec.write(event));
    }
    jdbc.sql(sql.toString()).params(params).update();
  }
}
