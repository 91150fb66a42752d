package dev.pilot.dashboard.benchmark;

import static org.awaitility.Awaitility.await;

import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.ExecutionScenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Prints the delay from an event being published to Kafka to SSE clients receiving the change, with
 * one client and with 1,000 concurrent clients held open on one dashboard instance.
 */
@Tag("benchmark")
class SseDeliveryBenchmark extends DashboardTest {

  private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
      new ParameterizedTypeReference<>() {};

  private static final java.util.regex.Pattern EXECUTION_ID =
      java.util.regex.Pattern.compile("\"execution_id\":\\s*\"([0-9a-f-]{36})\"");

  private final Map<UUID, Long> publishedAt = new ConcurrentHashMap<>();
  private final List<Long> delays = Collections.synchronizedList(new ArrayList<>());

  @Test
  void publishToBrowserDelayWithOneAndWithAThousandClients() {
    measure(1, 200);
    measure(1000, 50);
  }

  private void measure(int clients, int count) {
    delays.clear();
    String user = "bench";
    ConnectionProvider pool =
        ConnectionProvider.builder("bench-" + clients)
            .maxConnections(clients + 10)
            .pendingAcquireMaxCount(-1)
            .build();
    WebClient client =
        WebClient.builder()
            .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)))
            .baseUrl(baseUrl())
            .defaultHeader("Authorization", basic(user))
            .build();
    AtomicInteger snapshots = new AtomicInteger();
    List<Disposable> streams = new ArrayList<>();
    long connectStart = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      streams.add(
          client
              .get()
              .uri("/api/running-executions/stream?limit=1")
              .retrieve()
              .bodyToFlux(SSE)
              .subscribe(event -> received(event, snapshots)));
    }
    await().atMost(Duration.ofMinutes(3)).until(() -> snapshots.get() == clients);
    long connectMillis = (System.nanoTime() - connectStart) / 1_000_000;

    for (int i = 0; i < count; i++) {
      ExecutionScenario run = ExecutionScenario.scheduled(user, "Benchmark agent");
      publishedAt.put(run.executionId, System.nanoTime());
      events.publish(run.started());
      int expected = (i + 1) * clients;
      await().atMost(Duration.ofMinutes(2)).until(() -> delays.size() >= expected);
    }
    streams.forEach(Disposable::dispose);
    pool.dispose();

    List<Long> sorted = new ArrayList<>(delays);
    Collections.sort(sorted);
    System.out.printf(
        "BENCHMARK sse-delivery clients=%d events=%d deliveries=%d connect_all_ms=%d"
            + " p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
        clients,
        count,
        sorted.size(),
        connectMillis,
        percentile(sorted, 50),
        percentile(sorted, 99),
        sorted.get(sorted.size() - 1) / 1e6);
  }

  private void received(ServerSentEvent<String> event, AtomicInteger snapshots) {
    if ("snapshot".equals(event.event())) {
      snapshots.incrementAndGet();
    } else if ("execution".equals(event.event()) && event.data() != null) {
      java.util.regex.Matcher m = EXECUTION_ID.matcher(event.data());
      Long start = m.find() ? publishedAt.get(UUID.fromString(m.group(1))) : null;
      if (start != null) {
        delays.add(System.nanoTime() - start);
      }
    }
  }

  private static double percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1e6;
  }
}
