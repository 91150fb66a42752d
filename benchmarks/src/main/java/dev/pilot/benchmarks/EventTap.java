package dev.pilot.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows both topics as another team would, remembering when each thing happened. Execution and
 * approval events of a run are kept together: their types do not overlap.
 */
final class EventTap implements AutoCloseable {

  /**
   * One event of one execution: its type, step, completed count, commit time ({@code occurred_at}),
   * when its outbox relay sent it (the record's timestamp, set by the producer) and when this
   * consumer received it.
   */
  record Seen(
      String type,
      String stepId,
      int completed,
      long occurredAtMillis,
      long sentAtMillis,
      long receivedAtMillis,
      JsonNode event) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final KafkaConsumer<String, String> consumer;
  private final Map<UUID, List<Seen>> byExecution = new ConcurrentHashMap<>();
  private final Map<UUID, Long> completedAt = new ConcurrentHashMap<>();
  private final List<Consumer<JsonNode>> approvalListeners = new CopyOnWriteArrayList<>();
  private final AtomicLong events = new AtomicLong();
  private final Thread poller;
  private volatile boolean assigned;

  EventTap(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "benchmark-tap-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    // A fetch returns as soon as one record is there (fetch.min.bytes 1): a long wait costs no
    // latency, while a short one would make the broker answer empty fetches all the time (CPU
    // that would be counted as the system's).
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
    consumer = new KafkaConsumer<>(props);
    consumer.subscribe(
        List.of("execution-events", "approval-events"),
        new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(
              java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {}

          @Override
          public void onPartitionsAssigned(
              java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
            assigned = true;
          }
        });
    poller = new Thread(this::poll, "benchmark-event-tap");
    poller.setDaemon(true);
    poller.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!assigned && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  void onApprovalRequested(Consumer<JsonNode> listener) {
    approvalListeners.add(listener);
  }

  private void poll() {
    try {
      while (true) {
        for (var record : consumer.poll(Duration.ofMillis(50))) {
          long receivedAt = System.currentTimeMillis();
          JsonNode event = JSON.readTree(record.value());
          events.incrementAndGet();
          UUID execution = UUID.fromString(event.get("execution_id").asString());
          String type = event.get("event_type").asString();
          JsonNode completed = event.get("completed_steps");
          Seen seen =
              new Seen(
                  type,
                  event.has("step_id") ? event.get("step_id").asString() : null,
                  completed == null ? -1 : completed.size(),
                  Instant.parse(event.get("occurred_at").asString()).toEpochMilli(),
                  record.timestamp(),
                  receivedAt,
                  event);
          byExecution.computeIfAbsent(execution, e -> new CopyOnWriteArrayList<>()).add(seen);
          if (type.equals("ExecutionCompleted") || type.equals("ExecutionFailed")) {
            completedAt.putIfAbsent(execution, System.currentTimeMillis());
          } else if (type.equals("ApprovalRequested")) {
            approvalListeners.forEach(l -> l.accept(event));
          }
        }
      }
    } catch (WakeupException closing) {
      // closed
    } finally {
      consumer.close();
    }
  }

  List<Seen> of(UUID execution) {
    return byExecution.getOrDefault(execution, List.of());
  }

  boolean finished(UUID execution) {
    return completedAt.containsKey(execution);
  }

  long finishedAtMillis(UUID execution) {
    return completedAt.get(execution);
  }

  long eventCount() {
    return events.get();
  }

  @Override
  public void close() {
    consumer.wakeup();
  }
}
