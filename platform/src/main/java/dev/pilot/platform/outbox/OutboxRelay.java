package dev.pilot.platform.outbox;

import dev.pilot.contracts.CloudEventHeaders;
import dev.pilot.platform.listen.DedicatedConnection;
import dev.pilot.platform.listen.PgListener;
import dev.pilot.platform.listen.WakeUps;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Publishes outbox rows in id order and deletes them once Kafka acknowledged them. One instance
 * relays at a time (a session advisory lock), so per-execution order holds across instances; the
 * others stand by and take over within {@code idlePoll} when it goes. A crash between publish and
 * delete republishes: consumers are idempotent by {@code event_id}.
 *
 * <p>Order across failures: the producer keeps one request in flight per connection, and after any
 * failed send the relay deletes the acknowledged prefix of the batch, drops the producer at once
 * (its queued records fail instead of being sent after the gap) and resends from the oldest
 * unacknowledged row through a fresh producer.
 *
 * <p>A row that can never be sent (larger than the broker takes, not a valid record) is moved to
 * {@code outbox_dead_letters} with a log line and a metric, and the relay carries on with the next:
 * one bad row must not hold back every later event of every execution.
 */
public class OutboxRelay implements SmartLifecycle, DisposableBean {

  private final Supplier<Producer<String, byte[]>> producers;
  private final OutboxProperties properties;
  private final OutboxDeadLetters deadLetters;
  private volatile Producer<String, byte[]> producer;
  // Sent and acknowledged, not yet deleted: the next statement on the relay's connection deletes
  // them. Only the relay thread touches it.
  private List<Long> acknowledged = List.of();
  // A row the broker refused for good (e.g. too large) after it was sent: moved to the dead
  // letters before the next batch is read. Only the relay thread touches it.
  private Refused refused;
  private volatile boolean leader;
  private final PgListener notifications;
  private final boolean ownNotifications;
  private final PgListener.Subscription channel;
  private final WakeUps wakeUps = new WakeUps();
  private final DedicatedConnection session;

  /**
   * @param producers makes the producer at start and a fresh one after every failed send
   */
  public OutboxRelay(
      DataSource dataSource,
      Supplier<Producer<String, byte[]>> producers,
      OutboxProperties properties) {
    this(dataSource, producers, properties, null);
  }

  /**
   * @param metrics where the count of dead-lettered rows goes; none without it
   */
  public OutboxRelay(
      DataSource dataSource,
      Supplier<Producer<String, byte[]>> producers,
      OutboxProperties properties,
      MeterRegistry metrics) {
    this(
        dataSource,
        producers,
        properties,
        metrics,
        new PgListener("outbox-relay-listen", dataSource, properties.idlePoll()),
        true);
  }

  /**
   * @param notifications the service's listener, which this relay subscribes to and the service
   *     starts and stops
   */
  public OutboxRelay(
      DataSource dataSource,
      Supplier<Producer<String, byte[]>> producers,
      OutboxProperties properties,
      MeterRegistry metrics,
      PgListener notifications) {
    this(dataSource, producers, properties, metrics, notifications, false);
  }

  private OutboxRelay(
      DataSource dataSource,
      Supplier<Producer<String, byte[]>> producers,
      OutboxProperties properties,
      MeterRegistry metrics,
      PgListener notifications,
      boolean ownNotifications) {
    this.producers = producers;
    this.properties = properties;
    this.deadLetters = new OutboxDeadLetters(metrics);
    this.producer = producers.get();
    this.notifications = notifications;
    this.ownNotifications = ownNotifications;
    this.channel =
        notifications.subscribe("outbox-relay-wake", schema -> "outbox_" + schema, wakeUps::wake);
    this.session =
        new DedicatedConnection("outbox-relay", dataSource, properties.idlePoll(), new Relaying());
  }

  /**
   * Makes the relay look for rows now (or after the drain under way): for rows whose commit
   * notified nobody because this relay leads.
   */
  public void wake() {
    wakeUps.wake();
  }

  /** Whether this instance currently holds the relay lock. */
  public boolean isLeader() {
    return leader;
  }

  @Override
  public void start() {
    if (ownNotifications) {
      notifications.start();
    }
    session.start();
  }

  @Override
  public void stop() {
    session.stop(properties.idlePoll().plusSeconds(5));
    if (ownNotifications) {
      notifications.stop();
    }
  }

  /** The producer outlives stop/start (a paused context resumes relaying); it closes only here. */
  @Override
  public void destroy() {
    producer.close(Duration.ofSeconds(5));
  }

  @Override
  public boolean isRunning() {
    return session.isRunning();
  }

  /**
   * On a connection of its own, not the listener's: a drain waits for Kafka, and the listener must
   * meanwhile pass on other channels' NOTIFYs. The advisory lock is this connection's session's, so
   * it goes with the connection (released before the connection goes back to the pool) and another
   * instance takes over; a fresh connection starts with an attempt and a drain, as does every
   * NOTIFY on the outbox channel (also sent after the listener reconnected) and every idle poll.
   */
  private final class Relaying implements DedicatedConnection.Session {

    @Override
    public void run(Connection connection) throws SQLException, InterruptedException {
      while (session.isRunning()) {
        leader = leader || tryLock(connection, channel.channel());
        if (leader) {
          drain(connection);
        }
        try {
          wakeUps.await(properties.idlePoll());
        } catch (InterruptedException stopping) {
          if (session.isRunning()) {
            throw stopping;
          }
        }
      }
      delete(connection, acknowledged);
      acknowledged = List.of();
    }

    @Override
    public void ended() {
      leader = false;
    }
  }

  private void drain(Connection connection) throws SQLException {
    int published;
    do {
      published = publishBatch(connection);
    } while (session.isRunning() && published == properties.batchSize());
  }

  /**
   * One statement per batch: it deletes the rows Kafka acknowledged last time and reads the next
   * (oldest first); then the batch is sent and its acknowledgements awaited.
   */
  private int publishBatch(Connection connection) throws SQLException {
    List<Long> ids = new ArrayList<>();
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    if (refused != null) {
      deadLetters.move(connection, refused.id(), refused.reason());
      refused = null;
    }
    try {
      try (PreparedStatement select =
          connection.prepareStatement(
              "with published as (delete from outbox_events where id = any(?))"
                  + " select id, topic, message_key, event_id, event_type, schema_version,"
                  + " occurred_at, payload, traceparent from outbox_events where id <> all(?)"
                  + " order by id limit ?")) {
        Array published = connection.createArrayOf("bigint", acknowledged.toArray());
        select.setArray(1, published);
        select.setArray(2, published);
        select.setInt(3, properties.batchSize());
        try (ResultSet rows = select.executeQuery()) {
          acknowledged = List.of();
          while (rows.next()) {
            long id = rows.getLong("id");
            Future<RecordMetadata> ack;
            try {
              ack = producer.send(record(rows));
            } catch (RuntimeException unsendable) {
              deadLetters.move(connection, id, unsendable);
              continue;
            }
            if (ack.isDone() && OutboxDeadLetters.neverSendable(failure(ack))) {
              // Refused by the producer itself (larger than a request may be): nothing was sent,
              // so the rows after it keep their order.
              deadLetters.move(connection, id, failure(ack));
              continue;
            }
            acks.add(ack);
            ids.add(id);
            if (ack.isDone()) {
              ack.get(); // failed at once (e.g. no metadata): stop sending this batch
            }
          }
        }
      }
      for (Future<RecordMetadata> ack : acks) {
        ack.get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
      acknowledged = ids;
      return ids.size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw recoverFromFailedSend(ids, acks, e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw recoverFromFailedSend(ids, acks, e);
    }
  }

  /**
   * Keeps what Kafka acknowledged in order, and nothing sent after a failure: the acknowledged
   * prefix is deleted by the next statement, the producer is dropped without waiting (its pending
   * records fail) and a fresh one resends from the oldest row left.
   */
  private IllegalStateException recoverFromFailedSend(
      List<Long> ids, List<Future<RecordMetadata>> acks, Exception cause) {
    Producer<String, byte[]> failed = producer;
    failed.close(Duration.ZERO);
    producer = producers.get();
    int acknowledged = 0;
    while (acknowledged < acks.size() && succeeded(acks.get(acknowledged))) {
      acknowledged++;
    }
    this.acknowledged = List.copyOf(ids.subList(0, acknowledged));
    if (acknowledged < acks.size()
        && OutboxDeadLetters.neverSendable(failure(acks.get(acknowledged)))) {
      // Refused by the broker (e.g. above its record limit): resending would fail forever.
      refused = new Refused(ids.get(acknowledged), failure(acks.get(acknowledged)));
    }
    return new IllegalStateException(
        "Kafka did not acknowledge outbox event "
            + (acknowledged < ids.size() ? ids.get(acknowledged) : "?")
            + "; resending from there through a fresh producer",
        cause);
  }

  /** Why a completed send failed; null if it has not completed or succeeded. */
  private static Throwable failure(Future<RecordMetadata> ack) {
    if (!ack.isDone() || ack.isCancelled()) {
      return null;
    }
    try {
      ack.get();
      return null;
    } catch (ExecutionException failed) {
      return failed.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private record Refused(long id, Throwable reason) {}

  private static boolean succeeded(Future<RecordMetadata> ack) {
    if (!ack.isDone() || ack.isCancelled()) {
      return false;
    }
    try {
      ack.get();
      return true;
    } catch (ExecutionException | InterruptedException failed) {
      return false;
    }
  }

  private ProducerRecord<String, byte[]> record(ResultSet row) throws SQLException {
    String key = row.getString("message_key");
    RecordHeaders headers = new RecordHeaders();
    CloudEventHeaders.of(
            row.getString("event_id"),
            row.getString("event_type"),
            row.getInt("schema_version"),
            properties.source(),
            row.getTimestamp("occurred_at").toInstant(),
            key)
        .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
    // The trace context of what queued the event (null when tracing was off): consumers continue
    // the execution's trace from it. The relay itself adds no span.
    String traceparent = row.getString("traceparent");
    if (traceparent != null) {
      headers.add(CloudEventHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
    }
    return new ProducerRecord<>(
        row.getString("topic"),
        null,
        key,
        row.getString("payload").getBytes(StandardCharsets.UTF_8),
        headers);
  }

  private static void delete(Connection connection, List<Long> ids) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement delete =
        connection.prepareStatement("delete from outbox_events where id = any(?)")) {
      Array array = connection.createArrayOf("bigint", ids.toArray());
      delete.setArray(1, array);
      delete.executeUpdate();
    }
  }

  private static boolean tryLock(Connection connection, String channel) throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement("select pg_try_advisory_lock(hashtext(?))")) {
      st.setString(1, channel);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }
}
