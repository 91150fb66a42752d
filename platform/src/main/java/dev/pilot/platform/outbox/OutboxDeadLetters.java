package dev.pilot.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the relay puts an outbox row the broker can never take: retrying it would hold back every
 * later event of every execution. Each move is one statement, logged at ERROR and counted in {@code
 * pilot.outbox.dead.letters}.
 */
final class OutboxDeadLetters {

  static final String METRIC = "pilot.outbox.dead.letters";
  private static final Logger log = LoggerFactory.getLogger(OutboxDeadLetters.class);

  private final Counter moved;

  OutboxDeadLetters(MeterRegistry registry) {
    this.moved =
        registry == null
            ? null
            : Counter.builder(METRIC)
                .description("Outbox events that can never be sent, moved to outbox_dead_letters")
                .register(registry);
  }

  /**
   * Whether a send failed for a reason no retry can change (too large for the broker, not a valid
   * record), rather than because the broker is away.
   */
  static boolean neverSendable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof RecordTooLargeException
          || cause instanceof RecordBatchTooLargeException
          || cause instanceof InvalidTopicException
          || cause instanceof SerializationException) {
        return true;
      }
    }
    return false;
  }

  /** Moves the row out of the outbox (no-op if it is gone already). */
  void move(Connection connection, long id, Throwable reason) throws SQLException {
    try (PreparedStatement move =
        connection.prepareStatement(
            "with moved as (delete from outbox_events where id = ? returning *)"
                + " insert into outbox_dead_letters (id, topic, message_key, event_id, event_type,"
                + " schema_version, occurred_at, payload, reason)"
                + " select id, topic, message_key, event_id, event_type, schema_version,"
                + " occurred_at, payload, ? from moved"
                + " returning event_id, event_type, message_key, length(payload)")) {
      move.setLong(1, id);
      move.setString(2, String.valueOf(reason));
      try (var rows = move.executeQuery()) {
        if (rows.next()) {
          if (moved != null) {
            moved.increment();
          }
          log.error(
              "Outbox event {} ({} of execution {}, {} characters) can never be sent and was moved"
                  + " to outbox_dead_letters: {}",
              rows.getString(1),
              rows.getString(2),
              rows.getString(3),
              rows.getLong(4),
              reason.toString());
        }
      }
    }
  }
}
