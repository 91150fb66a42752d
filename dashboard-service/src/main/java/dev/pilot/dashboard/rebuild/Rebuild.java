package dev.pilot.dashboard.rebuild;

import dev.pilot.contracts.PilotEvent;
import dev.pilot.contracts.Topics;
import dev.pilot.dashboard.DashboardProperties;
import dev.pilot.dashboard.projection.Projection;
import dev.pilot.dashboard.projection.Replay;
import dev.pilot.platform.events.EventCodec;
import dev.pilot.platform.kafka.KafkaClients;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rebuilds the read model from the beginning of both topics: stops this instance's live consumers,
 * replays every record up to the end offsets seen at the start with a fresh consumer, folding every
 * event in memory ({@link Replay}, the live fold) while the next chunk is decoded, then replaces
 * the read model in one transaction ({@link Swap}: truncate, the rows written once with {@code
 * COPY} — every {@code pilot.dashboard.rebuild-held-executions} executions at most — and a {@code
 * reset} in the change feed that tells every client to take a fresh snapshot), and restarts the
 * live consumers (which skip what the replay applied: by the inbox for what they had applied
 * before, by the per-topic sequences for the rest). Nobody sees a half-written read model: until
 * the commit readers get the old one (or wait for the swap's lock), and a failed rebuild leaves it
 * untouched. Run it with the other dashboard instances stopped, or they keep projecting meanwhile.
 */
@Service
public class Rebuild {

  private static final Logger log = LoggerFactory.getLogger(Rebuild.class);

  /**
   * Records decoded per hand-over to the folding thread, and per poll. Whatever is referenced when
   * a young collection runs is copied, and in the middle of a rebuild it is promoted: the chunks in
   * flight (up to four: one being read, up to three decoding or waiting for the fold) and the fetch
   * buffers. With 10,000 records a chunk and 64 MiB fetches (the whole of a benchmark's topics in
   * one response, referenced until its last record was polled) one collection copied 113 MB and
   * took 0.7 s of a 2.4 s rebuild; small chunks also shorten the pipeline's tail after the last
   * poll (decoding and folding the last chunk).
   */
  private static final int CHUNK = 2_000;

  private static final JsonMapper NUL_CHECK = JsonMapper.builder().build();

  private static final List<String> BINDINGS = List.of("dashboardEvents-in-0");

  /** The outcome: how many events were read and how fast, and where the time went. */
  public record Result(
      long events,
      long applied,
      long millis,
      double eventsPerSecond,
      long applyMillis,
      Stages stages) {}

  /**
   * Where a rebuild's time went, in milliseconds. Reading, decoding and folding overlap (a
   * pipeline), so only {@code setup}, {@code read}, {@code waitForFold}, {@code write} and {@code
   * commit} add up to the whole; {@code decode} is summed over the decoding threads.
   *
   * @param setup the consumer: partitions, offsets
   * @param read the reading thread in {@code poll}
   * @param waitForFold the reading thread waiting for the fold to take a chunk (back-pressure)
   * @param decode JSON to events, summed over the decoding threads
   * @param fold events folded in memory, on the folding thread
   * @param write the rows written after the last chunk (truncate, {@code COPY}, triggers)
   * @param commit the swap's commit
   */
  public record Stages(
      long setup, long read, long waitForFold, long decode, long fold, long write, long commit) {}

  private final Projection projection;
  private final EventCodec codec;
  private final ProducerFormReader reader;
  private final BindingsLifecycleController bindings;
  private final KafkaClients kafka;
  private final int heldExecutions;
  private final PlatformTransactionManager transactions;
  private final ReentrantLock running = new ReentrantLock();

  Rebuild(
      Projection projection,
      EventCodec codec,
      BindingsLifecycleController bindings,
      KafkaClients kafka,
      DashboardProperties properties,
      PlatformTransactionManager transactions) {
    this.projection = projection;
    this.codec = codec;
    this.reader = new ProducerFormReader(codec);
    this.bindings = bindings;
    this.kafka = kafka;
    this.heldExecutions = properties.rebuildHeldExecutions();
    this.transactions = transactions;
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
        Clocks clocks = new Clocks();
        long[] counts = replay(clocks);
        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        Result result =
            new Result(
                counts[0],
                counts[1],
                millis,
                counts[0] * 1000.0 / millis,
                counts[2],
                clocks.stages());
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
   * Reads on this thread; each chunk of records is decoded in parallel (one slice per core) and
   * then folded in memory ({@link Replay}) on one folding thread, in log order, while the next
   * chunks are read and decoded; the rows are written with {@code COPY} at the end, or each time
   * the fold holds {@code heldExecutions} executions.
   *
   * @return records read, events applied, milliseconds spent folding and writing
   */
  private long[] replay(Clocks clocks) {
    long read = 0;
    long setup = System.nanoTime();
    long[] folding = new long[1];
    Replay fold = projection.newReplay(heldExecutions);
    Swap swap = new Swap();
    List<Value> chunk = new ArrayList<>(CHUNK);
    int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService decoders =
        Executors.newFixedThreadPool(cores, r -> new Thread(r, "rebuild-decode"));
    ExecutorService folder = Executors.newSingleThreadExecutor(r -> new Thread(r, "rebuild-fold"));
    Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
    CompletableFuture<Void> folded = CompletableFuture.completedFuture(null);
    try (KafkaConsumer<Void, byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(Topics.EXECUTION_EVENTS, Topics.APPROVAL_EVENTS)) {
        consumer
            .partitionsFor(topic, Duration.ofSeconds(10))
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      clocks.setup.add(System.nanoTime() - setup);
      boolean more = true;
      while (more) {
        more = !reached(consumer, end);
        if (more) {
          long polling = System.nanoTime();
          var records = consumer.poll(Duration.ofMillis(200));
          clocks.read.add(System.nanoTime() - polling);
          for (ConsumerRecord<Void, byte[]> record : records) {
            if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
              read++;
              chunk.add(Value.of(record));
            }
          }
        }
        if (chunk.size() >= CHUNK || (!more && !chunk.isEmpty())) {
          CompletableFuture<List<PilotEvent>> decoded =
              decode(List.copyOf(chunk), cores, decoders, clocks);
          chunk.clear();
          folded =
              folded.thenCombineAsync(
                  decoded,
                  (done, events) -> {
                    long start = System.nanoTime();
                    fold.fold(events);
                    if (fold.full()) {
                      swap.write(fold);
                    }
                    long took = System.nanoTime() - start;
                    folding[0] += took;
                    clocks.fold.add(took);
                    return null;
                  },
                  folder);
          inFlight.add(folded);
          // At most a few chunks decoded ahead of the fold: memory stays bounded.
          long waiting = System.nanoTime();
          while (inFlight.size() > 2) {
            await(inFlight.removeFirst());
          }
          clocks.waitForFold.add(System.nanoTime() - waiting);
        }
      }
      long waiting = System.nanoTime();
      await(folded);
      clocks.waitForFold.add(System.nanoTime() - waiting);
      CompletableFuture<Void> written =
          CompletableFuture.runAsync(
              () -> {
                long start = System.nanoTime();
                swap.write(fold);
                projection.announceReset();
                long committing = System.nanoTime();
                clocks.write.add(committing - start);
                swap.commit();
                clocks.commit.add(System.nanoTime() - committing);
                folding[0] += System.nanoTime() - start;
              },
              folder);
      await(written);
    } finally {
      decoders.shutdownNow();
      // Whatever failed, the old read model stays: the swap's transaction is rolled back (on the
      // folding thread, which holds it).
      folder.submit(swap::rollbackIfOpen);
      folder.shutdown();
      awaitQuietly(folder);
    }
    return new long[] {read, fold.applied(), folding[0] / 1_000_000};
  }

  /** Decodes a chunk's records in {@code slices} parallel slices, keeping their order. */
  private CompletableFuture<List<PilotEvent>> decode(
      List<Value> records, int slices, ExecutorService decoders, Clocks clocks) {
    int size = (records.size() + slices - 1) / slices;
    List<CompletableFuture<List<PilotEvent>>> parts = new ArrayList<>();
    for (int from = 0; from < records.size(); from += size) {
      List<Value> slice = records.subList(from, Math.min(records.size(), from + size));
      parts.add(
          CompletableFuture.supplyAsync(
              () -> {
                long start = System.nanoTime();
                List<PilotEvent> events = new ArrayList<>(slice.size());
                slice.forEach(record -> decode(record).ifPresent(events::add));
                clocks.decode.add(System.nanoTime() - start);
                return events;
              },
              decoders));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<PilotEvent> events = new ArrayList<>(records.size());
              parts.forEach(part -> events.addAll(part.join()));
              return events;
            });
  }

  /**
   * The one transaction that replaces the read model, opened on the folding thread at the first
   * write: the old rows are truncated and the new ones copied in, and only the commit makes them
   * visible (readers wait on the truncate's lock meanwhile), together with the change feed's {@code
   * reset}. A rebuild that fails leaves the old read model as it was.
   */
  private final class Swap {
    private TransactionStatus transaction;

    void write(Replay fold) {
      if (transaction == null) {
        transaction = transactions.getTransaction(TransactionDefinition.withDefaults());
        projection.reset();
      }
      projection.write(fold);
    }

    void commit() {
      TransactionStatus done = transaction;
      transaction = null;
      transactions.commit(done);
    }

    void rollbackIfOpen() {
      if (transaction != null) {
        TransactionStatus open = transaction;
        transaction = null;
        transactions.rollback(open);
      }
    }
  }

  /** The stages' clocks (nanoseconds), written by the reading, decoding and folding threads. */
  private static final class Clocks {
    final LongAdder setup = new LongAdder();
    final LongAdder read = new LongAdder();
    final LongAdder waitForFold = new LongAdder();
    final LongAdder decode = new LongAdder();
    final LongAdder fold = new LongAdder();
    final LongAdder write = new LongAdder();
    final LongAdder commit = new LongAdder();

    Stages stages() {
      return new Stages(
          millis(setup),
          millis(read),
          millis(waitForFold),
          millis(decode),
          millis(fold),
          millis(write),
          millis(commit));
    }

    private static long millis(LongAdder nanos) {
      return nanos.sum() / 1_000_000;
    }
  }

  private static void awaitQuietly(ExecutorService folder) {
    try {
      folder.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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

  private Optional<? extends PilotEvent> decode(Value record) {
    if (holdsNul(record.json())) {
      // PostgreSQL text cannot hold it: the live consumers dead-letter such a record, and one in a
      // COPY would fail the whole rebuild.
      log.warn("Rebuild skipped a record holding a NUL character (offset {})", record.offset());
      return Optional.empty();
    }
    try {
      return record.execution()
          ? reader.readExecutionEvent(record.json())
          : reader.readApprovalEvent(record.json());
    } catch (RuntimeException e) {
      log.warn("Rebuild skipped an unreadable record {}: {}", record.offset(), e.toString());
      return Optional.empty();
    }
  }

  /** Whether a JSON text holds a NUL character in a string (escaped as {@code \\u0000}). */
  static boolean holdsNul(byte[] json) {
    if (!containsEscapedNul(json)) {
      return false; // the common case: one scan of the bytes
    }
    try {
      return holdsNul(NUL_CHECK.readTree(json));
    } catch (RuntimeException unreadable) {
      return false; // the decoder will say why
    }
  }

  private static boolean containsEscapedNul(byte[] json) {
    for (int i = 0; i + 5 < json.length; i++) {
      if (json[i] == '\\'
          && json[i + 1] == 'u'
          && json[i + 2] == '0'
          && json[i + 3] == '0'
          && json[i + 4] == '0'
          && json[i + 5] == '0') {
        return true;
      }
    }
    return false;
  }

  private static boolean holdsNul(JsonNode node) {
    if (node.isString()) {
      return node.asString().indexOf('\0') >= 0;
    }
    for (var field : node.properties()) {
      if (field.getKey().indexOf('\0') >= 0 || holdsNul(field.getValue())) {
        return true;
      }
    }
    for (JsonNode element : node.isArray() ? node : List.<JsonNode>of()) {
      if (holdsNul(element)) {
        return true;
      }
    }
    return false;
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  /**
   * With the service's Kafka credentials ({@link KafkaClients}) and no consumer group: partitions
   * are assigned and nothing is committed, so the dashboard's principal needs no rights on any
   * group besides its live consumers' {@code dashboard-service}.
   */
  private KafkaConsumer<Void, byte[]> consumer() {
    Map<String, Object> config =
        kafka.consumer(
            Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                CHUNK,
                // A fetch response is one buffer, referenced until its last record was polled:
                // a few MiB at a time keep that much live, not the whole topic (see CHUNK).
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                1024 * 1024,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                4 * 1024 * 1024));
    config.remove(ConsumerConfig.GROUP_ID_CONFIG); // spring.kafka.consumer.group-id, if set
    return new KafkaConsumer<>(config, new UnreadKeys(), new ByteArrayDeserializer());
  }

  /**
   * What the replay keeps of a record until it is decoded. A consumer record holds about thirty
   * objects (seven headers, each a name, a buffer and their holders); a young collection during the
   * rebuild copies everything still referenced, up to four chunks of records, and that copying was
   * a third of a loaded rebuild's time. Two objects per record instead.
   */
  private record Value(byte[] json, boolean execution, long offset) {
    static Value of(ConsumerRecord<?, byte[]> record) {
      return new Value(
          record.value(), Topics.EXECUTION_EVENTS.equals(record.topic()), record.offset());
    }
  }

  /**
   * The replay never looks at a record's key (the execution id, inside the value too): leaving it
   * unread saves the reading thread a copy and a {@code String} per record.
   */
  private static final class UnreadKeys implements Deserializer<Void> {
    @Override
    public Void deserialize(String topic, byte[] key) {
      return null;
    }

    @Override
    public Void deserialize(String topic, Headers headers, ByteBuffer key) {
      return null;
    }
  }
}
