package dev.pilot.platform.outbox;

import dev.pilot.contracts.PilotEvent;
import dev.pilot.platform.events.EventCodec;
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
    jdbc.sql(OutboxRows.INSERT).params(rows(topic, events).params()).update();
  }

  /**
   * The events as outbox rows, for a caller that queues them inside its own statement with a {@link
   * GuardedChange} (saving a round trip). The rule is the same: only inside the transaction (or the
   * one statement) that makes the change.
   */
  public OutboxRows rows(String topic, List<? extends PilotEvent> events) {
    return OutboxRows.of(topic, events, codec);
  }
}
