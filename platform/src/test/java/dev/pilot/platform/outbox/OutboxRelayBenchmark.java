package dev.pilot.platform.outbox;

import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.CloudEventHeaders;
import dev.pilot.contracts.Topics;
import dev.pilot.contracts.execution.ExecutionResumed;
import dev.pilot.testsupport.RealInfrastructure;
import dev.pilot.testsupport.TopicRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the relay sustains: a steady 2,000+ events/s written in transactions of 5 (commit → sent to
 * Kafka), and how fast it drains a backlog. Prints, never asserts.
 */
@Tag("benchmark")
@SpringBootTest(properties = "spring.flyway.locations=classpath:db/platform")
@RealInfrastructure
class OutboxRelayBenchmark {

  static final int EVENTS_PER_TRANSACTION = 5;

  @SpringBootApplication
  static class App {}

  @Autowired Outbox outbox;
  @Autowired OutboxRelay relay;
  @Autowired TransactionTemplate transactions;
  @Autowired JdbcClient jdbc;

  @Test
  void steadyLoadAndBacklog() throws Exception {
    steady(1_000, 2); // warm-up
    steady(2_500, 8);
    relay.stop();
    int backlog = 20_000;
    Set<String> keys = write(backlog / EVENTS_PER_TRANSACTION, 0);
    try (TopicRecorder recorder = TopicRecorder.open(Topics.EXECUTION_EVENTS)) {
      long start = System.nanoTime();
      relay.start();
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> recorder.matching(r -> keys.contains(r.key())).size() >= backlog);
      double drained = (System.nanoTime() - start) / 1e9;
      await().atMost(Duration.ofSeconds(10)).until(this::empty);
      System.out.printf(
          "%nBENCHMARK outbox relay backlog: %d events on Kafka in %.2f s = %.0f events/s"
              + " (batches of 500: %.1f ms per batch)%n",
          backlog, drained, backlog / drained, drained * 1000 / (backlog / 500.0));
    }
  }

  /** Writes at {@code rate} events/s for {@code seconds}; prints commit → sent latencies. */
  private void steady(int rate, int seconds) throws Exception {
    int transactionsTotal = rate * seconds / EVENTS_PER_TRANSACTION;
    try (TopicRecorder recorder = TopicRecorder.open(Topics.EXECUTION_EVENTS)) {
      long start = System.nanoTime();
      Set<String> keys = write(transactionsTotal, rate);
      double writing = (System.nanoTime() - start) / 1e9;
      int events = transactionsTotal * EVENTS_PER_TRANSACTION;
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> recorder.matching(r -> keys.contains(r.key())).size() >= events);
      double all = (System.nanoTime() - start) / 1e9;
      List<Long> lags = new ArrayList<>();
      for (ConsumerRecord<String, String> r : recorder.matching(x -> keys.contains(x.key()))) {
        Instant occurred =
            Instant.parse(
                new String(
                    r.headers().lastHeader(CloudEventHeaders.TIME).value(),
                    StandardCharsets.UTF_8));
        lags.add(r.timestamp() - occurred.toEpochMilli());
      }
      lags.sort(null);
      System.out.printf(
          "%nBENCHMARK outbox relay steady load: %d events in %.2f s (offered %d/s, written"
              + " %.0f/s), all on Kafka after %.2f s; event created → sent p50 %d ms, p99 %d"
              + " ms, max %d ms%n",
          events,
          writing,
          rate,
          events / writing,
          all,
          lags.get(lags.size() / 2),
          lags.get(lags.size() * 99 / 100),
          lags.get(lags.size() - 1));
    }
  }

  /** Commits transactions of 5 events from 4 threads, paced to {@code rate} (0: as fast as can). */
  private Set<String> write(int count, int rate) throws Exception {
    Set<String> keys = ConcurrentHashMap.newKeySet();
    ExecutorService writers = Executors.newFixedThreadPool(4);
    long start = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      done.add(
          writers.submit(
              () -> {
                for (int i = thread; i < count; i += 4) {
                  if (rate > 0) {
                    long due = start + (long) (i * EVENTS_PER_TRANSACTION * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                      TimeUnit.NANOSECONDS.sleep(wait);
                    }
                  }
                  UUID execution = UUID.randomUUID();
                  keys.add(execution.toString());
                  transactions.executeWithoutResult(
                      tx ->
                          outbox.appendAll(
                              Topics.EXECUTION_EVENTS,
                              LongStream.rangeClosed(1, EVENTS_PER_TRANSACTION)
                                  .mapToObj(seq -> resumed(execution, seq))
                                  .toList()));
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    writers.shutdown();
    return keys;
  }

  private boolean empty() {
    return jdbc.sql("select count(*) from outbox_events").query(Long.class).single() == 0;
  }

  private static ExecutionResumed resumed(UUID execution, long sequence) {
    return new ExecutionResumed(UUID.randomUUID(), Instant.now(), execution, sequence, "alice");
  }
}
