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
    Insert insert = insert(topic, events);
    jdbc.sql(insert.sql()).params(insert.params()).update();
  }

  /**
   * The statement {@link #appendAll} would run, for a caller that must make it part of its own
   * statement (a data-modifying CTE next to the state change, saving a round trip). The rule is the
   * same: run it only inside the transaction that makes the change. Its SQL is an {@code insert ...
   * select ... from (values ...) as event} without a where clause, so the caller may append one
   * (e.g. {@code where exists (select 1 from changed)}) to queue the events only if its change
   * happened.
   */
  public Insert insert(String topic, List<? extends PilotEvent> events) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("No events to insert");
    }
    StringBuilder sql =
        new StringBuilder(
            "insert into outbox_events"
                + " (topic, message_key, event_id, event_type, schema_version, occurred_at,"
                + " payload) select * from (values ");
    List<Object> params = new ArrayList<>(events.size() * 7);
    for (PilotEvent event : events) {
      if (!params.isEmpty()) {
        sql.append(", ");
      }
      sql.append("(?::text, ?::text, ?::uuid, ?::text, ?::int, ?::timestamptz, ?::text)");
      params.add(topic);
      params.add(event.executionId().toString());
      params.add(event.eventId());
      params.add(event.eventType());
      params.add(event.schemaVersion());
      params.add(Timestamp.from(event.occurredAt()));
      params.add(codec.write(event));
    }
    sql.append(
        ") as event (topic, message_key, event_id, event_type, schema_version, occurred_at,"
            + " payload)");
    return new Insert(sql.toString(), List.copyOf(params));
  }

  /** An outbox insert statement and its positional parameters, in order. */
  public record Insert(String sql, List<Object> params) {}
}
