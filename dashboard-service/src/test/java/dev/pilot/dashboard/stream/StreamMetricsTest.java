package dev.pilot.dashboard.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.SseClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code pilot_sse_clients} counts the browsers that are streaming from this instance. */
class StreamMetricsTest extends DashboardTest {

  @Autowired PrometheusMeterRegistry prometheus;

  @Test
  void everyConnectedStreamIsCounted() {
    double before = sseClients();
    try (SseClient first = stream("alice");
        SseClient second = stream("bob")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(sseClients()).isGreaterThanOrEqualTo(before + 2));
    }
  }

  private double sseClients() {
    // What Prometheus would read from /actuator/prometheus (whose access is the operators'
    // concern).
    String metrics = prometheus.scrape();
    return metrics
        .lines()
        .filter(line -> line.startsWith("pilot_sse_clients{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no pilot_sse_clients in " + metrics));
  }
}
