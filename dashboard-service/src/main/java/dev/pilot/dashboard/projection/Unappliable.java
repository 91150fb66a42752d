package dev.pilot.dashboard.projection;

import dev.pilot.contracts.PilotEvent;
import dev.pilot.platform.events.BatchDeadLetters;
import dev.pilot.platform.events.MalformedEventException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.transaction.TransactionException;

/**
 * Applies one poll (of both topics) so that no single record can stall its partitions. Records that
 * do not decode are dead-lettered ({@link BatchDeadLetters}). If the batch then fails for a reason
 * that lies in a record's content — the fold throws, or PostgreSQL refuses a value (SQL state
 * classes 22 "data exception" and 23 "integrity constraint violation") — its events are applied one
 * by one, each in its own transaction, and the one that fails again for such a reason goes to the
 * dead-letter topic with the reason. Any other failure (the database away, a table missing, a
 * deadlock, the connection pool exhausted) is transient: it propagates, and the container retries
 * the whole batch until it applies. Events applied one by one before a transient failure are in the
 * inbox, so the retry skips them.
 */
final class Unappliable {

  private static final Logger log = LoggerFactory.getLogger(Unappliable.class);

  private Unappliable() {}

  /** A decoded event, where it sits in its batch, and the topic it came from. */
  private record Indexed(int index, String topic, PilotEvent event) {}

  /**
   * @param readers the reader of each topic the batch may hold records of, by topic
   */
  static void apply(
      Message<List<byte[]>> batch,
      Function<String, Function<byte[], Optional<? extends PilotEvent>>> readers,
      Projection projection,
      BatchDeadLetters deadLetters) {
    List<byte[]> payloads = batch.getPayload();
    List<?> topics = topics(batch);
    List<Indexed> decoded = new ArrayList<>(payloads.size());
    for (int i = 0; i < payloads.size(); i++) {
      String topic = String.valueOf(topics.get(i));
      try {
        int index = i;
        readers
            .apply(topic)
            .apply(payloads.get(i))
            .ifPresent(e -> decoded.add(new Indexed(index, topic, e)));
      } catch (MalformedEventException e) {
        deadLetters.send(topic, batch, i, e);
      }
    }
    try {
      projection.apply(decoded.stream().map(Indexed::event).toList());
    } catch (RuntimeException failure) {
      if (!inContent(failure)) {
        throw failure;
      }
      log.warn(
          "A batch of {} events could not be applied ({}); applying them one by one",
          decoded.size(),
          failure.toString());
      for (Indexed one : decoded) {
        try {
          projection.apply(List.of(one.event()));
        } catch (RuntimeException again) {
          if (!inContent(again)) {
            throw again;
          }
          deadLetters.send(one.topic(), batch, one.index(), again);
        }
      }
    }
  }

  /** Each record's topic: a consumer of several topics gets them per record in a batch header. */
  private static List<?> topics(Message<List<byte[]>> batch) {
    if (batch.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC) instanceof List<?> topics
        && topics.size() == batch.getPayload().size()) {
      return topics;
    }
    throw new IllegalStateException("A batch without the topic of each record");
  }

  /**
   * Whether the failure comes from what a record holds (so applying it again fails again), rather
   * than from the database's state.
   */
  static boolean inContent(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DataAccessException || t instanceof TransactionException) {
        return false; // the database layer without a content SQL state: its state, not ours
      }
    }
    return true; // thrown by the fold itself, in memory: the same events fail the same way
  }
}
