package dev.pilot.dashboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.FakeBackends;
import dev.pilot.platform.tracing.TracingEnvironment;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The browser → dashboard → service hop is one trace: with tracing on, what the gateway forwards
 * carries a {@code traceparent} of the browser request's trace (a span of the gateway, not the
 * browser's own), so the service's server span joins it. With tracing off nothing is added.
 */
class GatewayTraceTest extends DashboardTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String BROWSER_SPAN = "00f067aa0ba902b7";
  private static final String BROWSER_TRACEPARENT = "00-" + TRACE_ID + "-" + BROWSER_SPAN + "-01";

  @Test
  void withTracingOnAForwardedRequestContinuesTheBrowsersTrace() {
    String path = servedAgent();
    try (ConfigurableApplicationContext traced =
        startSecondInstance(
            0,
            "--" + TracingEnvironment.ENDPOINT + "=http://127.0.0.1:1",
            // No collector here: spans are made and propagated, not exported.
            "--management.tracing.export.otlp.enabled=false",
            "--pilot.dashboard.execution-service-url=" + backends.url(),
            "--pilot.dashboard.approval-service-url=" + backends.url())) {
      String url = "http://localhost:" + traced.getEnvironment().getProperty("local.server.port");

      get(url, path);

      assertThat(forwarded(path).traceparent())
          .as("the traceparent the service received")
          .matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01")
          .doesNotContain(BROWSER_SPAN);
    }
  }

  @Test
  void withTracingOffNothingIsAdded() {
    String path = servedAgent();

    get(baseUrl(), path);

    assertThat(forwarded(path).traceparent()).isNull();
  }

  private static String servedAgent() {
    String path = "/api/agents/" + UUID.randomUUID();
    backends.serve(path, FakeBackends.object().put("name", "traced"));
    return path;
  }

  private static void get(String baseUrl, String path) {
    WebTestClient.bindToServer()
        .baseUrl(baseUrl)
        .responseTimeout(Duration.ofSeconds(30))
        .defaultHeader("Authorization", basic("alice"))
        .build()
        .get()
        .uri(path)
        .header("traceparent", BROWSER_TRACEPARENT)
        .exchange()
        .expectStatus()
        .isOk();
  }

  private static FakeBackends.Received forwarded(String path) {
    return backends.received().stream()
        .filter(r -> r.path().equals(path))
        .findFirst()
        .orElseThrow();
  }
}
