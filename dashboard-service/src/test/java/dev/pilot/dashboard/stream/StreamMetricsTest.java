package dev.pilot.dashboard.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.SseClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code pilot_sse_clients} follows the browsers that are streaming from this instance. */
class StreamMetricsTest extends DashboardTest {

  @Test
  void connectedStreamsAreCountedAndLeaveTheCountWhenClosed() {
    double before = sseClients();
    try (SseClient first = stream("alice");
        SseClient second = stream("bob")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(sseClients()).isGreaterThanOrEqualTo(before + 2));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(sseClients()).isLessThanOrEqualTo(before));
  }

  private double sseClients() {
    String metrics =
        as("alice")
            .get()
            .uri("/actuator/prometheus")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    return metrics
        .lines()
        .filter(line -> line.startsWith("pilot_sse_clients{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no pilot_sse_clients in " + metrics));
  }
}
