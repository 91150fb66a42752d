package dev.pilot.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;

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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

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
      long receivedAtMillis) {}

  /** An {@code ApprovalRequested} event: which run asks, and the approval to answer. */
  record ApprovalAsked(UUID execution, String approvalId) {}

  /**
   * The fields of an event the benchmarks read. The tap reads only these, token by token, instead
   * of building a tree of every event: the driver shares the machine with what it measures.
   */
  record Fields(
      UUID execution,
      String type,
      String stepId,
      int completed,
      long occurredAtMillis,
      String approvalId) {

    static Fields of(byte[] json) {
      String execution = null;
      String type = null;
      String stepId = null;
      int completed = -1;
      String occurredAt = null;
      String approvalId = null;
      try (JsonParser parser = JSON.createParser(json)) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          throw new IllegalArgumentException("not a JSON object: " + new String(json, UTF_8));
        }
        String name;
        while ((name = parser.nextName()) != null) {
          JsonToken value = parser.nextToken();
          switch (name) {
            case "execution_id" -> execution = parser.getString();
            case "event_type" -> type = parser.getString();
            case "step_id" -> stepId = value == JsonToken.VALUE_NULL ? null : parser.getString();
            case "occurred_at" -> occurredAt = parser.getString();
            case "approval_id" -> approvalId = parser.getString();
            case "completed_steps" -> completed = count(parser, value);
            default -> parser.skipChildren();
          }
        }
      }
      if (execution == null || type == null || occurredAt == null) {
        throw new IllegalArgumentException(
            "event without execution_id, event_type or occurred_at: " + new String(json, UTF_8));
      }
      return new Fields(
          UUID.fromString(execution),
          type,
          stepId,
          completed,
          Instant.parse(occurredAt).toEpochMilli(),
          approvalId);
    }

    /** The elements of the array the parser is at (-1 for JSON null, as for a missing field). */
    private static int count(JsonParser parser, JsonToken value) {
      if (value != JsonToken.START_ARRAY) {
        parser.skipChildren();
        return -1;
      }
      int elements = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        parser.skipChildren();
        elements++;
      }
      return elements;
    }
  }

  private static final JsonFactory JSON = new JsonFactory();
  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<UUID, List<Seen>> byExecution = new ConcurrentHashMap<>();
  private final Map<UUID, Long> completedAt = new ConcurrentHashMap<>();
  private final List<Consumer<ApprovalAsked>> approvalListeners = new CopyOnWriteArrayList<>();
  private final AtomicLong events = new AtomicLong();
  private final Thread poller;
  private volatile boolean assigned;

  EventTap(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "benchmark-tap-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
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

  void onApprovalRequested(Consumer<ApprovalAsked> listener) {
    approvalListeners.add(listener);
  }

  private void poll() {
    try {
      while (true) {
        for (var record : consumer.poll(Duration.ofMillis(50))) {
          long receivedAt = System.currentTimeMillis();
          Fields event = Fields.of(record.value());
          events.incrementAndGet();
          Seen seen =
              new Seen(
                  event.type(),
                  event.stepId(),
                  event.completed(),
                  event.occurredAtMillis(),
                  record.timestamp(),
                  receivedAt);
          byExecution
              .computeIfAbsent(event.execution(), e -> new CopyOnWriteArrayList<>())
              .add(seen);
          if (event.type().equals("ExecutionCompleted") || event.type().equals("ExecutionFailed")) {
            completedAt.putIfAbsent(event.execution(), System.currentTimeMillis());
          } else if (event.type().equals("ApprovalRequested")) {
            ApprovalAsked asked = new ApprovalAsked(event.execution(), event.approvalId());
            approvalListeners.forEach(l -> l.accept(asked));
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
