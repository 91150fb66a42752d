package dev.pilot.execution.execution;

import static dev.pilot.execution.AgentFixtures.delayStep;
import static dev.pilot.execution.AgentFixtures.logStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.execution.Api;
import dev.pilot.execution.Instances;
import dev.pilot.execution.Recorded;
import dev.pilot.execution.TestClock;
import dev.pilot.testsupport.AdjustableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A delay is a durable timer: the run waits in the database, not on a worker thread. Instances of
 * the service on a database of their own, with a clock the test moves forward instead of waiting.
 */
class DurableDelayTest {

  static final Duration LONG = Duration.ofHours(1);
  static final Duration PATIENCE = Duration.ofSeconds(30);

  @Test
  void moreLongDelaysThanWorkersLeaveTheWorkersFreeAndFireWhenTheirTimeComes() {
    String database = Instances.freshDatabase("durable_delays");
    try (ConfigurableApplicationContext service =
        Instances.start(database, Map.of("pilot.execution.workers", "2"), TestClock.class)) {
      Recorded.start();
      Api api = new Api(Instances.port(service));
      UUID sleepy =
          create(api, manualAgent("sleepy", delayStep("wait", LONG.toMillis()), logStep("after")));
      List<UUID> delaying = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        delaying.add(start(api, sleepy));
      }
      for (UUID run : delaying) {
        JsonNode waiting = awaitWaiting(api, run);
        assertThat(waiting.path("steps").get(0).path("status").asString()).isEqualTo("running");
      }

      UUID quick = start(api, create(api, manualAgent("quick", logStep("only"))));
      awaitStatus(api, quick, "completed", Duration.ofSeconds(10));

      UUID cancelled = delaying.remove(0);
      Api.Response cancel = api.post("alice", "/api/executions/" + cancelled + "/cancel", null);
      assertThat(cancel.status()).isEqualTo(200);
      assertThat(cancel.body().path("status").asString()).isEqualTo("cancelled");
      assertThat(cancel.body().path("execution_state").path("waiting_until").isNull()).isTrue();

      service.getBean(AdjustableClock.class).advance(LONG.plusSeconds(1));

      for (UUID run : delaying) {
        awaitStatus(api, run, "completed", PATIENCE);
        await().atMost(PATIENCE).until(() -> Recorded.types(run).contains("ExecutionCompleted"));
        assertThat(startsOf(run, "wait")).containsExactly(1);
      }
      assertThat(api.get("alice", "/api/executions/" + cancelled).text("status"))
          .isEqualTo("cancelled");
      assertThat(Recorded.types(cancelled)).doesNotContain("StepCompleted");
    }
  }

  @Test
  void aDelayOutlivesARestartAndFiresOnceAtItsTime() {
    String database = Instances.freshDatabase("delay_restart");
    UUID run;
    Instant wake;
    try (ConfigurableApplicationContext first =
        Instances.start(database, Map.of(), TestClock.class)) {
      Recorded.start();
      Api api = new Api(Instances.port(first));
      run =
          start(
              api,
              create(
                  api,
                  manualAgent("patient", delayStep("wait", LONG.toMillis()), logStep("after"))));
      wake =
          Instant.parse(
              awaitWaiting(api, run).path("execution_state").path("waiting_until").asString());
    } // the service stops while the run waits

    try (ConfigurableApplicationContext second =
        Instances.start(database, Map.of(), TestClock.class)) {
      Api api = new Api(Instances.port(second));
      UUID id = run;
      await()
          .during(Duration.ofSeconds(1))
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                JsonNode waiting = api.get("alice", "/api/executions/" + id).body();
                assertThat(waiting.path("status").asString()).isEqualTo("running");
                assertThat(waiting.path("execution_state").path("waiting_until").asString())
                    .isEqualTo(wake.toString());
              });

      second.getBean(AdjustableClock.class).advance(LONG.plusSeconds(1));

      awaitStatus(api, run, "completed", PATIENCE);
      await().atMost(PATIENCE).until(() -> Recorded.types(id).contains("ExecutionCompleted"));
      assertThat(startsOf(run, "wait")).containsExactly(1);
      JsonNode completed =
          Recorded.ofType(run, "StepCompleted").stream()
              .filter(e -> e.path("step_id").asString().equals("wait"))
              .findFirst()
              .orElseThrow();
      assertThat(Instant.parse(completed.path("occurred_at").asString())).isAfterOrEqualTo(wake);
    }
  }

  static UUID create(Api api, Object agent) {
    Api.Response created = api.post("alice", "/api/agents", agent);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    return UUID.fromString(created.text("id"));
  }

  static UUID start(Api api, UUID agent) {
    Api.Response started = api.post("alice", "/api/agents/" + agent + "/executions", null);
    assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
    return UUID.fromString(started.text("execution_id"));
  }

  /** Waits until the run's delay has set its timer; returns the run as the API shows it. */
  static JsonNode awaitWaiting(Api api, UUID run) {
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                api.get("alice", "/api/executions/" + run)
                    .body()
                    .path("execution_state")
                    .path("waiting_until")
                    .isString());
    return api.get("alice", "/api/executions/" + run).body();
  }

  static void awaitStatus(Api api, UUID run, String status, Duration within) {
    await()
        .atMost(within)
        .untilAsserted(
            () ->
                assertThat(api.get("alice", "/api/executions/" + run).text("status"))
                    .isEqualTo(status));
  }

  /** The attempts of every StepStarted of {@code step}. */
  static List<Integer> startsOf(UUID run, String step) {
    return Recorded.ofType(run, "StepStarted").stream()
        .filter(e -> e.path("step_id").asString().equals(step))
        .map(e -> e.path("attempt").asInt())
        .toList();
  }
}
