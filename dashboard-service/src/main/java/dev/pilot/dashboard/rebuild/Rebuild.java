package dev.pilot.dashboard.rebuild;

import dev.pilot.contracts.PilotEvent;
import dev.pilot.contracts.Topics;
import dev.pilot.dashboard.projection.Projection;
import dev.pilot.platform.events.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.stereotype.Service;

/**
 * Rebuilds the read model from the beginning of both topics: stops this instance's live consumers,
 * forgets the read model, replays every record up to the end offsets seen at the start with a fresh
 * consumer through the batch {@link Projection#replay} in chunks of 10,000 events per transaction
 * (decoding the next chunk while the previous one is applied), tells every client to take a fresh
 * snapshot, and restarts the live consumers (which skip what the replay applied: by the inbox for
 * what they had applied before, by the per-topic sequences for the rest). Run it with the other
 * dashboard instances stopped, or they keep projecting while the tables are reset.
 */
@Service
public class Rebuild {

  private static final Logger log = LoggerFactory.getLogger(Rebuild.class);

  /** Records applied per transaction: large, since a rebuild records no changes. */
  private static final int CHUNK = 10_000;

  private static final List<String> BINDINGS =
      List.of("executionEvents-in-0", "approvalEvents-in-0");

  /** The outcome: how many events were read and how fast. */
  public record Result(
      long events, long applied, long millis, double eventsPerSecond, long applyMillis) {}

  private final Projection projection;
  private final EventCodec codec;
  private final BindingsLifecycleController bindings;
  private final String bootstrapServers;
  private final ReentrantLock running = new ReentrantLock();

  Rebuild(
      Projection projection,
      EventCodec codec,
      BindingsLifecycleController bindings,
      @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
    this.projection = projection;
    this.codec = codec;
    this.bindings = bindings;
    this.bootstrapServers = bootstrapServers;
  }

  /** Blocking; one rebuild at a time. */
  public Result run() {
    if (!running.tryLock()) {
      throw new IllegalStateException("A rebuild is already running");
    }
    try {
      BINDINGS.forEach(bindings::stop);
      try {
        long started = System.nanoTime();
        projection.reset();
        long[] counts = replay();
        projection.announceReset();
        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        Result result =
            new Result(counts[0], counts[1], millis, counts[0] * 1000.0 / millis, counts[2]);
        log.info("Read model rebuilt: {}", result);
        return result;
      } finally {
        BINDINGS.forEach(bindings::start);
      }
    } finally {
      running.unlock();
    }
  }

  /**
   * Reads and decodes on this thread while the previous chunk is applied on another, so decoding
   * and the database work overlap.
   *
   * @return records read, events applied, milliseconds spent applying
   */
  private long[] replay() {
    long read = 0;
    long[] applied = new long[2];
    List<PilotEvent> chunk = new ArrayList<>(CHUNK);
    ExecutorService applier = Executors.newSingleThreadExecutor(r -> new Thread(r, "rebuild"));
    Future<?> inFlight = CompletableFuture.completedFuture(null);
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(Topics.EXECUTION_EVENTS, Topics.APPROVAL_EVENTS)) {
        consumer
            .partitionsFor(topic, Duration.ofSeconds(10))
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (!reached(consumer, end)) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
            continue;
          }
          read++;
          decode(record).ifPresent(chunk::add);
        }
        if (chunk.size() >= CHUNK) {
          await(inFlight);
          inFlight = applier.submit(apply(List.copyOf(chunk), applied));
          chunk.clear();
        }
      }
      await(inFlight);
      apply(chunk, applied).run();
    } finally {
      applier.shutdownNow();
    }
    return new long[] {read, applied[0], applied[1] / 1_000_000};
  }

  private Runnable apply(List<PilotEvent> chunk, long[] applied) {
    return () -> {
      long start = System.nanoTime();
      applied[0] += projection.replay(chunk);
      applied[1] += System.nanoTime() - start;
    };
  }

  private static void await(Future<?> chunk) {
    try {
      chunk.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Rebuild interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Rebuild failed", e.getCause());
    }
  }

  private Optional<? extends PilotEvent> decode(ConsumerRecord<String, byte[]> record) {
    try {
      return Topics.EXECUTION_EVENTS.equals(record.topic())
          ? codec.readExecutionEvent(record.value())
          : codec.readApprovalEvent(record.value());
    } catch (RuntimeException e) {
      log.warn("Rebuild skipped an unreadable record {}: {}", record.offset(), e.toString());
      return Optional.empty();
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private KafkaConsumer<String, byte[]> consumer() {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG,
            "dashboard-rebuild-" + UUID.randomUUID(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            CHUNK,
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
            8 * 1024 * 1024,
            ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
            64 * 1024 * 1024),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }
}
