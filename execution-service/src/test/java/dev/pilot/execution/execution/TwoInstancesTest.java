package dev.pilot.execution.execution;

import static dev.pilot.execution.AgentFixtures.countingStep;
import static dev.pilot.execution.AgentFixtures.logStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static dev.pilot.execution.AgentFixtures.scheduledAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.execution.Api;
import dev.pilot.execution.CountingStep;
import dev.pilot.execution.Instances;
import dev.pilot.execution.Recorded;
import dev.pilot.execution.ServiceTest;
import dev.pilot.execution.SilentServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * This test's context and a second instance on the same database and broker: whichever takes a run,
 * every step runs once on one of them.
 */
class TwoInstancesTest extends ServiceTest {

  @Value("${spring.datasource.url}")
  String database;

  @Autowired CountingStep steps;
  @Autowired ExecutionWorkers workers;
  @Autowired JdbcClient jdbc;

  ConfigurableApplicationContext second;

  @BeforeEach
  void startSecondInstance() {
    second = Instances.start(database, Map.of());
  }

  @AfterEach
  void stopSecondInstance() {
    second.close();
  }

  @Test
  void sharesRunsSoThatEveryStepRunsOnceOnOneInstance() {
    UUID agent =
        createAgent(
            "alice",
            manualAgent(
                "shared", countingStep("a", 40), countingStep("b", 40), countingStep("c", 40)));
    Api otherApi = new Api(Instances.port(second));
    int hereBefore = steps.finishedHere();
    int thereBefore = second.getBean(CountingStep.class).finishedHere();

    List<UUID> runs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      runs.add(start("alice", agent));
    }

    for (UUID run : runs) {
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(otherApi.get("alice", "/api/executions/" + run).text("status"))
                      .isEqualTo("completed"));
    }
    for (UUID run : runs) {
      for (String step : List.of("a", "b", "c")) {
        assertThat(CountingStep.started(run, step)).as(run + " " + step).isEqualTo(1);
        assertThat(CountingStep.finished(run, step)).as(run + " " + step).isEqualTo(1);
      }
    }
    // Which instance ran how many is up to the scheduler of the machine; that together they ran
    // each step exactly once is what must hold.
    int here = steps.finishedHere() - hereBefore;
    int there = second.getBean(CountingStep.class).finishedHere() - thereBefore;
    assertThat(here + there).isEqualTo(runs.size() * 3);
  }

  @Test
  void aCancelHandledByOneInstanceAbortsTheCallRunningOnTheOther() {
    try (SilentServer server = new SilentServer()) {
      UUID agent =
          createAgent(
              "alice", manualAgent("hanging", StopInFlightTest.hangingCall("call", server)));
      UUID run = start("alice", agent);
      await().atMost(PATIENCE).until(() -> server.requests() == 1);
      String runningOn =
          jdbc.sql("select lease_owner from workflow_executions where id = ?")
              .param(run)
              .query(String.class)
              .single();
      String secondInstance = second.getBean(ExecutionWorkers.class).instance();
      assertThat(runningOn).isIn(workers.instance(), secondInstance);
      Api other = runningOn.equals(secondInstance) ? api : new Api(Instances.port(second));

      Api.Response cancel = other.post("alice", "/api/executions/" + run + "/cancel", null);

      assertThat(cancel.status()).isEqualTo(200);
      await().atMost(StopInFlightTest.AT_ONCE).until(() -> server.closedByCaller() == 1);
      await()
          .during(Duration.ofSeconds(1))
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                assertThat(other.get("alice", "/api/executions/" + run).text("status"))
                    .isEqualTo("cancelled");
                assertThat(Recorded.types(run)).doesNotContain("StepCompleted", "ExecutionFailed");
              });
      assertThat(server.requests()).isEqualTo(1);
    }
  }

  @Test
  void firesEachScheduledTickOnceAcrossInstances() {
    UUID agent = createAgent("bob", scheduledAgent("every 2s", "*/2 * * * * *", logStep("tick")));

    await()
        .atMost(PATIENCE)
        .until(() -> api.get("bob", "/api/executions?agent_id=" + agent).body().size() >= 4);
    api.delete("bob", "/api/agents/" + agent);

    List<Instant> starts =
        api.get("bob", "/api/executions?agent_id=" + agent)
            .body()
            .valueStream()
            .map(r -> Instant.parse(r.path("created_at").asString()))
            .sorted()
            .toList();
    for (int i = 1; i < starts.size(); i++) {
      assertThat(Duration.between(starts.get(i - 1), starts.get(i)))
          .as("runs of one tick")
          .isGreaterThan(Duration.ofMillis(1000));
    }
  }
}
