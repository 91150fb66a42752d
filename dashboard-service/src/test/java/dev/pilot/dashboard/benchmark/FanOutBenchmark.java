package dev.pilot.dashboard.benchmark;

import static org.awaitility.Awaitility.await;

import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.ExecutionScenario;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks module's fan-out on one dashboard instance without the rest of the system: {@code
 * -Dbench.clients} (default 5,000) SSE clients of one user are open while 10 five-step runs
 * complete a step every 200 ms each; prints step published → client received, p50/p99 over every
 * client and step (as {@code benchmarks/.../FanOut} measures it from the step's commit).
 */
@Tag("benchmark")
class FanOutBenchmark extends DashboardTest {

  private static final Pattern EXECUTION =
      Pattern.compile("\"execution_id\":\\s*\"([0-9a-f-]{36})\"");
  private static final Pattern COMPLETED =
      Pattern.compile("\"completed_steps\":\\s*\\[([^\\]]*)\\]");

  private final Map<String, Long> publishedAt = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
  private final AtomicInteger snapshots = new AtomicInteger();
  private final AtomicInteger finals = new AtomicInteger();

  @Test
  void stepToEveryClientDelay() {
    int clients = Integer.getInteger("bench.clients", 5000);
    int runs = 10;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/api/running-executions/stream?limit=1"))
            .header("Authorization", basic("bench"))
            .header("Accept", "text/event-stream")
            .build();
    List<Flow.Subscription> open = Collections.synchronizedList(new ArrayList<>());
    long connectStart = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Client(open)));
    }
    await().atMost(Duration.ofMinutes(5)).until(() -> snapshots.get() >= clients);
    long connectMillis = (System.nanoTime() - connectStart) / 1_000_000;

    List<ExecutionScenario> scenarios = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      ExecutionScenario run =
          ExecutionScenario.withSteps("bench", ExecutionScenario.stepsWithApprovalAt(5, 99));
      scenarios.add(run);
      events.publish(run.started());
    }
    for (int step = 0; step < 5; step++) {
      long roundStart = System.nanoTime();
      for (ExecutionScenario run : scenarios) {
        publishedAt.put(run.executionId + "/" + (step + 1), System.nanoTime());
        events.publish(run.stepCompleted(step));
      }
      await()
          .pollInterval(Duration.ofMillis(5))
          .until(() -> System.nanoTime() - roundStart >= 200_000_000L);
    }
    await().atMost(Duration.ofMinutes(3)).until(() -> finals.get() >= clients * runs);
    open.forEach(Flow.Subscription::cancel);

    List<Long> sorted = new ArrayList<>(delays);
    Collections.sort(sorted);
    System.out.printf(
        "BENCHMARK fan-out clients=%d runs=%d deliveries=%d connect_all_ms=%d"
            + " p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n",
        clients,
        runs,
        sorted.size(),
        connectMillis,
        percentile(sorted, 50),
        percentile(sorted, 99),
        sorted.get(sorted.size() - 1) / 1e6);
  }

  private final class Client implements Flow.Subscriber<String> {
    private final List<Flow.Subscription> open;
    private String event = "message";

    Client(List<Flow.Subscription> open) {
      this.open = open;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      open.add(subscription);
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.startsWith("event:")) {
        event = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        if (event.equals("snapshot")) {
          snapshots.incrementAndGet();
        } else if (event.equals("execution")) {
          long now = System.nanoTime();
          Matcher id = EXECUTION.matcher(line);
          Matcher completed = COMPLETED.matcher(line);
          if (id.find() && completed.find()) {
            String done = completed.group(1);
            int count = done.isBlank() ? 0 : done.split(",").length;
            Long at = publishedAt.get(id.group(1) + "/" + count);
            if (at != null) {
              delays.add(now - at);
            }
            if (count == 5) {
              finals.incrementAndGet();
            }
          }
        }
      } else if (line.isEmpty()) {
        event = "message";
      }
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}
  }

  private static double percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index)) / 1e6;
  }
}
