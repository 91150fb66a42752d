package dev.pilot.platform.outbox;

import dev.pilot.contracts.PilotEvent;
import dev.pilot.platform.events.EventCodec;
import dev.pilot.platform.tracing.Traces;
import java.util.Arrays;
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
  private final Traces traces;

  public Outbox(JdbcClient jdbc, EventCodec codec) {
    this(jdbc, codec, Traces.OFF);
  }

  /**
   * With tracing on, each event is stored with the trace context current when it is queued (the
   * request, consumer or step span that caused it), and the relay sends it as {@code traceparent}.
   */
  public Outbox(JdbcClient jdbc, EventCodec codec, Traces traces) {
    this.jdbc = jdbc;
    this.codec = codec;
    this.traces = traces;
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
    OutboxRows rows = rows(topic, events);
    jdbc.sql(rows.insert()).params(rows.params()).update();
  }

  /**
   * As {@link #appendAll(String, List)}, each event with its own trace context ({@code
   * traceparents[i]} for {@code events.get(i)}, null entries allowed): for a statement that queues
   * the events of several executions at once.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void appendAll(
      String topic, List<? extends PilotEvent> events, List<String> traceparents) {
    if (events.isEmpty()) {
      return;
    }
    OutboxRows rows = rows(topic, events, traceparents);
    jdbc.sql(rows.insert()).params(rows.params()).update();
  }

  /**
   * As {@link #rows(String, List)}, each event with its own trace context (as for {@link
   * #appendAll(String, List, List)}).
   */
  public OutboxRows rows(
      String topic, List<? extends PilotEvent> events, List<String> traceparents) {
    return OutboxRows.of(
        topic, events, codec, traces.enabled() ? traceparents.toArray(String[]::new) : null);
  }

  /**
   * The events as outbox rows, for a caller that queues them inside its own statement with a {@link
   * GuardedChange} (saving a round trip). The rule is the same: only inside the transaction (or the
   * one statement) that makes the change.
   */
  public OutboxRows rows(String topic, List<? extends PilotEvent> events) {
    String current = traces.current();
    String[] traceparents = null;
    if (current != null) {
      traceparents = new String[events.size()];
      Arrays.fill(traceparents, current);
    }
    return OutboxRows.of(topic, events, codec, traceparents);
  }
}
