package dev.pilot.execution.execution;

import static dev.pilot.execution.AgentFixtures.countingStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.execution.Api;
import dev.pilot.execution.CountingStep;
import dev.pilot.execution.Instances;
import dev.pilot.execution.Recorded;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * An instance stops mid-step without handing its work back (as after kill -9: its lease just
 * expires); a new instance on the same database finishes the run, re-running only that step.
 */
class CrashRecoveryTest {

  @Test
  void aNewInstanceFinishesTheRunAndNoCompletedStepRunsTwice() {
    String database = Instances.freshDatabase("crash_recovery");
    Map<String, String> crashLike = Map.of("pilot.execution.release-leases-on-shutdown", "false");
    UUID run;
    try (ConfigurableApplicationContext first = Instances.start(database, crashLike)) {
      Recorded.start();
      Api api = new Api(Instances.port(first));
      Api.Response agent =
          api.post(
              "alice",
              "/api/agents",
              manualAgent(
                  "crash",
                  countingStep("before", 0),
                  countingStep("during", 4000),
                  countingStep("after", 0)));
      Api.Response started =
          api.post("alice", "/api/agents/" + agent.text("id") + "/executions", null);
      run = UUID.fromString(started.text("execution_id"));
      UUID id = run;
      await().atMost(Duration.ofSeconds(30)).until(() -> CountingStep.started(id, "during") == 1);
    } // the instance goes away mid-step

    try (ConfigurableApplicationContext second = Instances.start(database, Map.of())) {
      Api api = new Api(Instances.port(second));
      UUID id = run;
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(api.get("alice", "/api/executions/" + id).text("status"))
                      .isEqualTo("completed"));

      assertThat(CountingStep.started(run, "before")).isEqualTo(1);
      assertThat(CountingStep.started(run, "during")).isEqualTo(2);
      assertThat(CountingStep.finished(run, "during")).isEqualTo(1);
      assertThat(CountingStep.started(run, "after")).isEqualTo(1);
      JdbcClient jdbc = second.getBean(JdbcClient.class);
      assertThat(
              jdbc.sql("select count(*) from step_history where execution_id = ?")
                  .param(run)
                  .query(Long.class)
                  .single())
          .isEqualTo(3);
      JsonNode during = api.get("alice", "/api/executions/" + run).body().path("steps").get(1);
      assertThat(during.path("attempts").asInt()).isEqualTo(2);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Recorded.types(id).contains("ExecutionCompleted"));
      assertThat(
              Recorded.ofType(run, "StepCompleted").stream().map(e -> e.path("step_id").asString()))
          .containsExactly("before", "during", "after");
      assertThat(
              Recorded.ofType(run, "StepStarted").stream()
                  .filter(e -> e.path("step_id").asString().equals("during"))
                  .map(e -> e.path("attempt").asInt()))
          .containsExactly(1, 2);
    }
  }
}
