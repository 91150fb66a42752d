package dev.pilot.platform.outbox;

import dev.pilot.contracts.PilotEvent;
import dev.pilot.platform.events.EventCodec;
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

  private final Map<String, Object> params;

  private OutboxRows(Map<String, Object> params) {
    this.params = params;
  }

  static OutboxRows of(String topic, List<? extends PilotEvent> events, EventCodec codec) {
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
    return new OutboxRows(
        Map.of(
            "outbox_topic", topic,
            "outbox_keys", keys,
            "outbox_event_ids", ids,
            "outbox_types", types,
            "outbox_versions", versions,
            "outbox_occurred_at", occurredAt,
            "outbox_payloads", payloads));
  }

  /** The named parameters of {@link #INSERT}, all prefixed {@code outbox_}. */
  Map<String, Object> params() {
    return params;
  }
}
