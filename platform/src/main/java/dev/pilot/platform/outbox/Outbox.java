package dev.pilot.platform.outbox;

import dev.pilot.contracts.PilotEvent;
import dev.pilot.platform.events.EventCodec;
import dev.pilot.platform.tracing.Traces;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where a service puts the events of a state change. Must be called inside the transaction that
 * makes the change, so the event exists if and only if the change committed.
 */
public class Outbox {

  private final JdbcClient jdbc;
  private final EventCodec codec;
  private final Traces traces;
  private final OutboxRelay relay;

  public Outbox(JdbcClient jdbc, EventCodec codec) {
    this(jdbc, codec, Traces.OFF);
  }

  /**
   * With tracing on, each event is stored with the trace context current when it is queued (the
   * request, consumer or step span that caused it), and the relay sends it as {@code traceparent}.
   */
  public Outbox(JdbcClient jdbc, EventCodec codec, Traces traces) {
    this(jdbc, codec, traces, null);
  }

  /**
   * @param relay this instance's relay (null: none). While it leads, a commit that queues events
   *     wakes it in-process instead of by NOTIFY: a NOTIFY signals every listening connection of
   *     the database, each of which then reads the notification queue in a transaction of its own.
   *     Another instance's commit still notifies, and wakes this relay through its listener.
   */
  public Outbox(JdbcClient jdbc, EventCodec codec, Traces traces, OutboxRelay relay) {
    this.jdbc = jdbc;
    this.codec = codec;
    this.traces = traces;
    this.relay = relay;
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
    insert(rows(topic, events));
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
    insert(rows(topic, events, traceparents));
  }

  private void insert(OutboxRows rows) {
    String insert = rows.insert();
    if (rows.isQuiet()) {
      // Evaluated for each row before the statement's after-trigger fires (no row: no NOTIFY).
      insert += " where " + OutboxRows.QUIET + " = 'off'";
    }
    if (jdbc.sql(insert).params(rows.params()).update() > 0) {
      rows.queued();
    }
  }

  /**
   * As {@link #rows(String, List)}, each event with its own trace context (as for {@link
   * #appendAll(String, List, List)}).
   */
  public OutboxRows rows(
      String topic, List<? extends PilotEvent> events, List<String> traceparents) {
    return quietWhileLeading(
        OutboxRows.of(
            topic, events, codec, traces.enabled() ? traceparents.toArray(String[]::new) : null));
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
    return quietWhileLeading(OutboxRows.of(topic, events, codec, traceparents));
  }

  /**
   * Quiet rows when this instance's relay leads and can be woken after the commit. Leadership lost
   * before the commit delays the rows, never loses them: whoever takes the relay lock next (at
   * once, or at its next {@code idlePoll} attempt) drains the outbox first.
   */
  private OutboxRows quietWhileLeading(OutboxRows rows) {
    if (relay == null || !relay.isLeader()) {
      return rows;
    }
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      // Autocommit: the statement's end is its commit.
      return rows.quiet(relay::wake);
    }
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return rows; // no way to learn of the commit: let the database notify
    }
    return rows.quiet(
        () ->
            TransactionSynchronizationManager.registerSynchronization(
                new TransactionSynchronization() {
                  @Override
                  public void afterCommit() {
                    relay.wake();
                  }
                }));
  }
}
