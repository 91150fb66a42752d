package dev.pilot.execution.execution;

import static dev.pilot.execution.AgentFixtures.failStep;
import static dev.pilot.execution.AgentFixtures.logStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.execution.ServiceTest;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.UUID;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What an operator's Prometheus scrapes about runs: by agent and outcome, steps by kind. */
class ExecutionMetricsTest extends ServiceTest {

  @Autowired PrometheusMeterRegistry prometheus;

  @Test
  void runsAreCountedByAgentAndOutcomeAndStepsTimedByKind() {
    UUID completing = createAgent("alice", manualAgent("counted", logStep("one"), logStep("two")));
    UUID failing = createAgent("alice", manualAgent("failing", failStep("boom", 1)));
    awaitStatus("alice", start("alice", completing), "completed");
    awaitStatus("alice", start("alice", failing), "failed");

    awaitScrape(
        scrape ->
            scrape
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
                .contains("pilot_outbox_oldest_age_seconds{application=\"execution-service\"}"));
  }

  @Test
  void requestsAreTimedByEndpointWithoutAnInFlightGauge() {
    UUID agent = createAgent("alice", manualAgent("timed requests", logStep("one")));
    start("alice", agent);

    // The request is timed when its filter returns, which may be just after the client has read
    // the answer.
    awaitScrape(
        scrape ->
            scrape
                .containsPattern(
                    "http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*"
                        + "uri=\"/api/agents/\\{agentId}/executions\"} [1-9]")
                .doesNotContain("http_server_requests_active"));
  }

  /**
   * Waits until what Prometheus would read from /actuator/prometheus (whose access is the
   * operators' concern) meets the expectation: meters are updated just after the work they count.
   */
  private void awaitScrape(Consumer<AbstractStringAssert<?>> expectation) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> expectation.accept(assertThat(prometheus.scrape())));
  }
}
