package dev.pilot.platform.outbox;

import dev.pilot.contracts.PilotEvent;
import dev.pilot.platform.events.EventCodec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Events encoded as outbox rows for one topic, to be queued by {@link Outbox#appendAll} or as part
 * of a {@link GuardedChange}. The statement is fixed whatever the number of events (one array per
 * column), so PostgreSQL plans it once per connection.
 */
public final class OutboxRows {

  /** Selects the rows to queue; a caller may append a where clause to queue them conditionally. */
  static final String INSERT =
      """
      insert into outbox_events (topic, message_key, event_id, event_type, schema_version,
                                 occurred_at, payload)
      select :outbox_topic, event.* from unnest(:outbox_keys::text[], :outbox_event_ids::uuid[],
          :outbox_types::text[], :outbox_versions::int[], :outbox_occurred_at::timestamptz[],
          :outbox_payloads::text[])
        as event (message_key, event_id, event_type, schema_version, occurred_at, payload)""";

  /**
   * {@link #INSERT} with each event's trace context, used only when tracing is on: with it off the
   * statement (and its plan) stays exactly what it was.
   */
  static final String INSERT_TRACED =
      """
      insert into outbox_events (topic, message_key, event_id, event_type, schema_version,
                                 occurred_at, payload, traceparent)
      select :outbox_topic, event.* from unnest(:outbox_keys::text[], :outbox_event_ids::uuid[],
          :outbox_types::text[], :outbox_versions::int[], :outbox_occurred_at::timestamptz[],
          :outbox_payloads::text[], :outbox_traceparents::text[])
        as event (message_key, event_id, event_type, schema_version, occurred_at, payload,
                  traceparent)""";

  /**
   * Set in the statement that queues the rows, read by the outbox's NOTIFY trigger (migration
   * {@code R__outbox_notify_only_when_rows_are_queued}): the transaction's commit then notifies
   * nobody. Transaction-local, so it ends with the transaction, whatever connection pool hands it
   * on.
   */
  static final String QUIET = "set_config('pilot.outbox_notify', 'off', true)";

  private final Map<String, Object> params;
  private final String insert;
  // Null when the commit must NOTIFY; else wakes the local relay once the rows are committed.
  private final Runnable wakesRelay;

  private OutboxRows(Map<String, Object> params, String insert, Runnable wakesRelay) {
    this.params = params;
    this.insert = insert;
    this.wakesRelay = wakesRelay;
  }

  /**
   * @param traceparents each event's W3C trace context (null entries allowed), or null when none
   *     has one
   */
  static OutboxRows of(
      String topic, List<? extends PilotEvent> events, EventCodec codec, String[] traceparents) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("No events to queue");
    }
    int n = events.size();
    String[] keys = new String[n];
    String[] ids = new String[n];
    String[] types = new String[n];
    int[] versions = new int[n];
    String[] occurredAt = new String[n];
    String[] payloads = new String[n];
    for (int i = 0; i < n; i++) {
      PilotEvent event = events.get(i);
      keys[i] = event.executionId().toString();
      ids[i] = event.eventId().toString();
      types[i] = event.eventType();
      versions[i] = event.schemaVersion();
      occurredAt[i] = event.occurredAt().toString();
      payloads[i] = codec.write(event);
    }
    Map<String, Object> params = new HashMap<>();
    params.put("outbox_topic", topic);
    params.put("outbox_keys", keys);
    params.put("outbox_event_ids", ids);
    params.put("outbox_types", types);
    params.put("outbox_versions", versions);
    params.put("outbox_occurred_at", occurredAt);
    params.put("outbox_payloads", payloads);
    if (traceparents == null) {
      return new OutboxRows(Map.copyOf(params), INSERT, null);
    }
    if (traceparents.length != n) {
      throw new IllegalArgumentException(n + " events but " + traceparents.length + " traces");
    }
    params.put("outbox_traceparents", traceparents);
    return new OutboxRows(Map.copyOf(params), INSERT_TRACED, null);
  }

  /**
   * These rows queued without a NOTIFY: {@code wakesRelay} (the local relay's wake-up after commit)
   * is run by whoever executes the insert, once it wrote rows.
   */
  OutboxRows quiet(Runnable wakesRelay) {
    return new OutboxRows(params, insert, wakesRelay);
  }

  /** Whether the statement that queues these rows must set {@link #QUIET}. */
  boolean isQuiet() {
    return wakesRelay != null;
  }

  /** Called once the statement that queues these rows wrote them. */
  void queued() {
    if (wakesRelay != null) {
      wakesRelay.run();
    }
  }

  /** The insert of these rows: {@link #INSERT}, or {@link #INSERT_TRACED} when they are traced. */
  String insert() {
    return insert;
  }

  /** The named parameters of {@link #INSERT}, all prefixed {@code outbox_}. */
  Map<String, Object> params() {
    return params;
  }
}
