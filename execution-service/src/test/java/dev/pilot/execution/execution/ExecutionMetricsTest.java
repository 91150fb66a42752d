package dev.pilot.execution.execution;

import static dev.pilot.execution.AgentFixtures.failStep;
import static dev.pilot.execution.AgentFixtures.logStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.execution.ServiceTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What an operator's Prometheus scrapes about runs: by agent and outcome, steps by kind. */
class ExecutionMetricsTest extends ServiceTest {

  @LocalServerPort int serverPort;

  @Test
  void runsAreCountedByAgentAndOutcomeAndStepsTimedByKind() {
    UUID completing = createAgent("alice", manualAgent("counted", logStep("one"), logStep("two")));
    UUID failing = createAgent("alice", manualAgent("failing", failStep("boom", 1)));
    awaitStatus("alice", start("alice", completing), "completed");
    awaitStatus("alice", start("alice", failing), "failed");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(scrape())
                    .containsPattern(
                        "pilot_executions_started_total\\{agent_id=\"" + completing + "\"[^}]*} 1")
                    .containsPattern(
                        "pilot_executions_finished_total\\{agent_id=\""
                            + completing
                            + "\",application=\"execution-service\",outcome=\"completed\"} 1")
                    .containsPattern(
                        "pilot_executions_finished_total\\{agent_id=\""
                            + failing
                            + "\",application=\"execution-service\",outcome=\"failed\"} 1")
                    .containsPattern(
                        "pilot_step_duration_seconds_count\\{application=\"execution-service\","
                            + "kind=\"log\",status=\"completed\"} [1-9]")
                    .contains(
                        "pilot_outbox_oldest_age_seconds{application=\"execution-service\"}"));
  }

  private String scrape() throws Exception {
    String credentials =
        Base64.getEncoder().encodeToString("alice:demo".getBytes(StandardCharsets.UTF_8));
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + serverPort + "/actuator/prometheus"))
                .header("Authorization", "Basic " + credentials)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
