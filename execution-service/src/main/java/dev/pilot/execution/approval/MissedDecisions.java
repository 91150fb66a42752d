package dev.pilot.execution.approval;

import dev.pilot.contracts.Topics;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.execution.execution.ApprovalResolutions;
import dev.pilot.execution.execution.ApprovalResolutions.Awaiting;
import dev.pilot.platform.events.EventCodec;
import dev.pilot.platform.kafka.KafkaClients;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Recovers decisions the consumer missed, so that no run waits forever for a decision that was
 * made: a record skipped after its group's offsets moved, one dead-lettered by an older version, a
 * consumer that was stopped. Every {@code every}, the runs waiting for an approval requested more
 * than {@code after} ago are listed, and the approval-events topic is read again — without a
 * consumer group, committing nothing — from each partition's position at the oldest such request
 * (less a margin for the producers' clocks), and afterwards only from where the previous round
 * stopped for runs it already covered. Each {@code ApprovalResolved} of an awaited approval goes
 * through the consumer's own path ({@link ApprovalEventHandler}: inbox, matching, transition), so a
 * decision applied or refused before changes nothing, and instances doing this at once are safe.
 *
 * <p>The topic, not the approval service's API, is the source: it holds every decision for its
 * retention (7 days by default; longer-waiting approvals need a longer retention), needs no service
 * credential, and the consumer already trusts it (see the Kafka ACLs in the README).
 */
@Component
class MissedDecisions implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(MissedDecisions.class);
  private static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);

  private final ApprovalResolutions resolutions;
  private final ApprovalEventHandler handler;
  private final EventCodec codec;
  private final ReconcileProperties properties;
  private final Clock clock;
  private final KafkaClients kafka;
  // What the previous rounds read: where each partition's reading stopped, and for which runs.
  private final Map<TopicPartition, Long> readTo = new HashMap<>();
  private Set<UUID> covered = Set.of();
  private ScheduledExecutorService rounds;

  MissedDecisions(
      ApprovalResolutions resolutions,
      ApprovalEventHandler handler,
      EventCodec codec,
      ReconcileProperties properties,
      Clock clock,
      KafkaClients kafka) {
    this.resolutions = resolutions;
    this.handler = handler;
    this.codec = codec;
    this.properties = properties;
    this.clock = clock;
    this.kafka = kafka;
  }

  /**
   * One round: returns how many missed decisions it handed to the consumer's path. Runs on its own
   * thread, never on the task scheduler that renews the workers' leases.
   */
  synchronized int reconcile() {
    List<Awaiting> waiting =
        resolutions.awaitingSince(clock.instant().minus(properties.after()), properties.limit());
    if (waiting.isEmpty()) {
      readTo.clear();
      covered = Set.of();
      return 0;
    }
    Map<UUID, Awaiting> byApproval =
        waiting.stream().collect(Collectors.toMap(Awaiting::approvalId, Function.identity()));
    Instant oldestNew =
        waiting.stream()
            .filter(a -> !covered.contains(a.approvalId()))
            .map(Awaiting::requestedAt)
            .min(Instant::compareTo)
            .orElse(null);
    int handed = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.APPROVAL_EVENTS).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Map<TopicPartition, Long> start = startOffsets(consumer, partitions, end, oldestNew);
      start.forEach(consumer::seek);
      Instant giveUp = Instant.now().plus(properties.maxScan());
      while (behind(consumer, partitions, end) && Instant.now().isBefore(giveUp)) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
              && handOver(record.value(), byApproval)) {
            handed++;
          }
        }
      }
      for (TopicPartition p : partitions) {
        readTo.put(p, Math.min(consumer.position(p), end.get(p)));
      }
      covered = byApproval.keySet();
    }
    if (handed > 0) {
      log.warn("Recovered {} approval decisions the consumer had missed", handed);
    }
    return handed;
  }

  /**
   * Per partition: from the oldest newly listed request's time (less the margin), or from where the
   * previous round stopped, whichever is earlier; the end when there is nothing to read.
   */
  private Map<TopicPartition, Long> startOffsets(
      KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> end,
      Instant oldestNew) {
    Map<TopicPartition, OffsetAndTimestamp> atTime = Map.of();
    if (oldestNew != null) {
      long millis = oldestNew.minus(CLOCK_MARGIN).toEpochMilli();
      Map<TopicPartition, Long> query = new HashMap<>();
      partitions.forEach(p -> query.put(p, millis));
      atTime = consumer.offsetsForTimes(query);
    }
    Map<TopicPartition, Long> start = new HashMap<>();
    for (TopicPartition p : partitions) {
      long from = readTo.getOrDefault(p, end.get(p));
      if (oldestNew != null) {
        OffsetAndTimestamp found = atTime.get(p);
        from = Math.min(from, found == null ? end.get(p) : found.offset());
      }
      start.put(p, from);
    }
    return start;
  }

  /**
   * Hands an awaited approval's decision to the consumer's path. A failure to apply it (the
   * database away) ends the round before it remembers how far it read: the next round reads it
   * again.
   */
  private boolean handOver(byte[] value, Map<UUID, Awaiting> byApproval) {
    ApprovalResolved resolved;
    try {
      resolved =
          codec
              .readApprovalEvent(value)
              .filter(ApprovalResolved.class::isInstance)
              .map(ApprovalResolved.class::cast)
              .orElse(null);
    } catch (RuntimeException unreadable) {
      return false; // malformed: the consumer dead-lettered it already
    }
    if (resolved == null || !byApproval.containsKey(resolved.approvalId())) {
      return false;
    }
    handler.on(resolved);
    return true;
  }

  private static boolean behind(
      KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> end) {
    return partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p));
  }

  /** With the service's Kafka credentials ({@link KafkaClients}); no group, so no group ACL. */
  private KafkaConsumer<byte[], byte[]> consumer() {
    Map<String, Object> config =
        kafka.consumer(
            Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.CLIENT_ID_CONFIG,
                "execution-service-missed-decisions"));
    config.remove(ConsumerConfig.GROUP_ID_CONFIG); // spring.kafka.consumer.group-id, if set
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private void round() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      log.warn("Looking for missed approval decisions failed: {}", e.toString());
    }
  }

  @Override
  public void start() {
    rounds =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "missed-decisions");
              t.setDaemon(true);
              return t;
            });
    long every = properties.every().toMillis();
    rounds.scheduleWithFixedDelay(this::round, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    rounds.shutdownNow();
  }

  @Override
  public boolean isRunning() {
    return rounds != null && !rounds.isShutdown();
  }
}
