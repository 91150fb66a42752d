package dev.pilot.execution.execution;

import static dev.pilot.execution.AgentFixtures.approvalStep;
import static dev.pilot.execution.AgentFixtures.countingStep;
import static dev.pilot.execution.AgentFixtures.delayStep;
import static dev.pilot.execution.AgentFixtures.failStep;
import static dev.pilot.execution.AgentFixtures.httpStep;
import static dev.pilot.execution.AgentFixtures.logStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.pilot.execution.Api;
import dev.pilot.execution.CountingStep;
import dev.pilot.execution.Recorded;
import dev.pilot.execution.ServiceTest;
import dev.pilot.testsupport.api.ApiFixtures;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ExecutionLifecycleTest extends ServiceTest {

  @Test
  void runsEveryStepInOrderAndPublishesEachTransitionOnce() {
    UUID agent =
        createAgent(
            "alice", manualAgent("happy", logStep("a"), delayStep("b", 50), countingStep("c", 0)));

    UUID run = start("alice", agent);

    JsonNode done = awaitStatus("alice", run, "completed");
    await().atMost(PATIENCE).until(() -> Recorded.types(run).contains("ExecutionCompleted"));
    assertThat(Recorded.types(run))
        .containsExactly(
            "ExecutionStarted",
            "StepStarted",
            "StepCompleted",
            "StepStarted",
            "StepCompleted",
            "StepStarted",
            "StepCompleted",
            "ExecutionCompleted");
    assertThat(Recorded.events(run).stream().map(e -> e.path("sequence").asLong()))
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    JsonNode lastStep = Recorded.ofType(run, "StepCompleted").get(2);
    assertThat(lastStep.path("step_order").asInt()).isEqualTo(3);
    assertThat(lastStep.path("total_steps").asInt()).isEqualTo(3);
    assertThat(lastStep.path("completed_steps").valueStream().map(JsonNode::asString))
        .containsExactly("a", "b", "c");
    JsonNode started = Recorded.ofType(run, "ExecutionStarted").get(0);
    assertThat(started.path("trigger").asString()).isEqualTo("manual");
    assertThat(started.path("owner").asString()).isEqualTo("alice");
    assertThat(started.path("pilot_steps")).hasSize(3);

    assertThat(done.path("execution_state").path("completed_steps")).hasSize(3);
    assertThat(done.path("execution_state").path("current_step").isNull()).isTrue();
    assertThat(done.path("steps").valueStream().map(s -> s.path("status").asString()))
        .containsOnly("completed");
    assertThat(done.path("steps").get(1).path("attempts").asInt()).isEqualTo(1);
    assertThat(done.path("steps").get(1).path("started_at").isNull()).isFalse();
    assertThat(done.path("steps").get(1).path("finished_at").isNull()).isFalse();
    // The dashboard's browser tests serve this fixture: it must keep the real answer's shape.
    ApiFixtures.assertSameShape("execution/execution.json", done);
    assertThat(CountingStep.finished(run, "c")).isEqualTo(1);
  }

  @Test
  void aNewRunsFirstStepStartsInTheCommitThatStartsTheRun() {
    UUID agent = createAgent("alice", manualAgent("prompt", countingStep("a", 0)));

    UUID run = start("alice", agent);

    awaitStatus("alice", run, "completed");
    await().atMost(PATIENCE).until(() -> Recorded.types(run).contains("ExecutionCompleted"));
    // a free worker took the run as it was stored: no wake-up, no claim in between
    assertThat(Recorded.ofType(run, "StepStarted").get(0).path("occurred_at").asString())
        .isEqualTo(Recorded.ofType(run, "ExecutionStarted").get(0).path("occurred_at").asString());
    assertThat(CountingStep.started(run, "a")).isEqualTo(1);
  }

  @Test
  void aRunLongerThanItsLeaseKeepsItsWorkerAndRunsEachStepOnce() {
    // 4 × 1.5 s against the test profile's 3 s lease: only the renewer keeps the lease alive
    // (transitions leave it alone), so an expired lease would show as a step started twice.
    UUID agent =
        createAgent(
            "alice",
            manualAgent(
                "long",
                countingStep("l1", 1_500),
                countingStep("l2", 1_500),
                countingStep("l3", 1_500),
                countingStep("l4", 1_500)));

    UUID run = start("alice", agent);

    awaitStatus("alice", run, "completed");
    await().atMost(PATIENCE).until(() -> Recorded.types(run).contains("ExecutionCompleted"));
    for (String step : List.of("l1", "l2", "l3", "l4")) {
      assertThat(CountingStep.started(run, step)).as(step).isEqualTo(1);
      assertThat(CountingStep.finished(run, step)).as(step).isEqualTo(1);
    }
    assertThat(Recorded.ofType(run, "StepStarted").stream().map(e -> e.path("attempt").asInt()))
        .containsExactly(1, 1, 1, 1);
  }

  @Test
  void retriesAFailingStepPerItsPolicyThenFailsTheRunWithTheReason() {
    UUID agent = createAgent("alice", manualAgent("failing", logStep("a"), failStep("b", 3)));

    UUID run = start("alice", agent);

    JsonNode failed = awaitStatus("alice", run, "failed");
    assertThat(failed.path("failure_reason").asString()).isEqualTo("step_error");
    assertThat(failed.path("failure_step_id").asString()).isEqualTo("b");
    assertThat(failed.path("error").asString()).isEqualTo("boom");
    JsonNode step = failed.path("steps").get(1);
    assertThat(step.path("status").asString()).isEqualTo("failed");
    assertThat(step.path("attempts").asInt()).isEqualTo(3);
    assertThat(step.path("error").asString()).isEqualTo("boom");
    await().atMost(PATIENCE).until(() -> Recorded.types(run).contains("ExecutionFailed"));
    assertThat(
            Recorded.ofType(run, "StepStarted").stream()
                .filter(e -> e.path("step_id").asString().equals("b"))
                .map(e -> e.path("attempt").asInt()))
        .containsExactly(1, 2, 3);
    JsonNode event = Recorded.ofType(run, "ExecutionFailed").get(0);
    assertThat(event.path("reason").asString()).isEqualTo("step_error");
    assertThat(event.path("step_id").asString()).isEqualTo("b");
    assertThat(event.path("error").asString()).isEqualTo("boom");
  }

  @Test
  void callsHttpEndpointsWithAnIdempotencyKeyRetryingAnythingButSuccess() throws Exception {
    List<String> keys = new CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
          exchange.sendResponseHeaders(calls.incrementAndGet() == 1 ? 503 : 200, -1);
          exchange.close();
        });
    server.start();
    try {
      String url = "http://localhost:" + server.getAddress().getPort() + "/hook";
      UUID agent = createAgent("alice", manualAgent("webhook", httpStep("call", url, 3)));

      UUID run = start("alice", agent);

      awaitStatus("alice", run, "completed");
      assertThat(keys).containsExactly(run + ":call", run + ":call");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void pausesAtOnceStoppingTheStepInFlightAndResumesByRunningItAgain() {
    UUID agent =
        createAgent(
            "alice",
            manualAgent("pausable", countingStep("slow", 60_000), countingStep("next", 0)));
    UUID run = start("alice", agent);
    await().atMost(PATIENCE).until(() -> CountingStep.started(run, "slow") == 1);

    Api.Response pause = api.post("alice", "/api/executions/" + run + "/pause", null);

    assertThat(pause.status()).isEqualTo(200);
    assertThat(pause.body().path("status").asString()).isEqualTo("paused");
    assertThat(pause.body().path("execution_state").path("pause_requested").asBoolean()).isFalse();
    JsonNode paused = execution("alice", run);
    assertThat(paused.path("execution_state").path("completed_steps")).isEmpty();
    assertThat(paused.path("steps").get(0).path("status").asString()).isEqualTo("pending");
    assertThat(CountingStep.started(run, "next")).isZero();
    await().atMost(PATIENCE).until(() -> Recorded.types(run).contains("ExecutionPaused"));
    assertThat(Recorded.ofType(run, "ExecutionPaused").get(0).path("next_step_id").asString())
        .isEqualTo("slow");
    await().atMost(Duration.ofSeconds(5)).until(() -> CountingStep.interrupted(run, "slow") == 1);
    assertThat(CountingStep.finished(run, "slow")).isZero();

    assertThat(api.post("alice", "/api/executions/" + run + "/resume", null).status())
        .isEqualTo(200);

    await().atMost(PATIENCE).until(() -> CountingStep.started(run, "slow") == 2);
    assertThat(api.post("alice", "/api/executions/" + run + "/cancel", null).status())
        .isEqualTo(200);
    assertThat(CountingStep.finished(run, "slow")).isZero();
    assertThat(CountingStep.finished(run, "next")).isZero();
    await().atMost(PATIENCE).until(() -> Recorded.types(run).contains("ExecutionCancelled"));
    assertThat(Recorded.types(run))
        .containsSubsequence(
            "StepStarted",
            "ExecutionPaused",
            "ExecutionResumed",
            "StepStarted",
            "ExecutionCancelled")
        .doesNotContain("StepCompleted");
  }

  @Test
  void cancellingStopsTheRunAndInterruptsTheStepInFlight() {
    UUID agent =
        createAgent(
            "alice",
            manualAgent("cancellable", countingStep("slow", 60_000), countingStep("never", 0)));
    UUID run = start("alice", agent);
    await().atMost(PATIENCE).until(() -> CountingStep.started(run, "slow") == 1);

    Api.Response cancel = api.post("alice", "/api/executions/" + run + "/cancel", null);

    assertThat(cancel.status()).isEqualTo(200);
    assertThat(cancel.body().path("status").asString()).isEqualTo("cancelled");
    await().atMost(Duration.ofSeconds(5)).until(() -> CountingStep.interrupted(run, "slow") == 1);
    await()
        .during(Duration.ofMillis(700))
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(execution("alice", run).path("status").asString()).isEqualTo("cancelled");
              assertThat(Recorded.types(run)).doesNotContain("StepCompleted");
            });
    assertThat(CountingStep.started(run, "never")).isZero();
    JsonNode cancelled = Recorded.ofType(run, "ExecutionCancelled").get(0);
    assertThat(cancelled.path("requested_by").asString()).isEqualTo("alice");
    assertThat(cancelled.path("step_id").asString()).isEqualTo("slow");
  }

  @Test
  void refusesTransitionsAFinishedRunCannotMake() {
    UUID agent = createAgent("alice", manualAgent("quick", logStep("a")));
    UUID run = start("alice", agent);
    awaitStatus("alice", run, "completed");

    for (String command : List.of("pause", "resume", "cancel")) {
      Api.Response response = api.post("alice", "/api/executions/" + run + "/" + command, null);
      assertThat(response.status()).as(command).isEqualTo(409);
      assertThat(response.contentType()).startsWith("application/problem+json");
    }
  }

  @Test
  void onlyTheOwnerControlsARunWhileItsApproversMayReadIt() {
    UUID agent =
        createAgent("alice", manualAgent("guarded", approvalStep("sign", "any", "bob", "carol")));
    UUID run = start("alice", agent);
    awaitStatus("alice", run, "waiting_approval");
    String path = "/api/executions/" + run;

    assertThat(api.get("bob", path).status()).isEqualTo(200);
    assertThat(api.post("bob", path + "/cancel", null).status()).isEqualTo(403);
    assertThat(api.post("bob", path + "/pause", null).status()).isEqualTo(403);
    assertThat(api.get("mallory", path).status()).isEqualTo(404);
    assertThat(api.post("mallory", path + "/cancel", null).status()).isEqualTo(404);
    assertThat(api.get("alice", "/api/executions/" + UUID.randomUUID()).status()).isEqualTo(404);
    assertThat(api.get("bob", "/api/executions?agent_id=" + agent).body()).isEmpty();
    assertThat(execution("alice", run).path("status").asString()).isEqualTo("waiting_approval");
    api.post("alice", path + "/cancel", null);
  }

  @Test
  void listsTheCallersExecutionsNewestFirstFilteredByStatusAndAgent() {
    UUID quick = createAgent("dave", manualAgent("quick", logStep("a")));
    UUID waiting = createAgent("dave", manualAgent("waiting", approvalStep("ok", "any", "bob")));
    UUID first = start("dave", quick);
    UUID second = start("dave", quick);
    UUID third = start("dave", waiting);
    awaitStatus("dave", second, "completed");
    awaitStatus("dave", first, "completed");
    awaitStatus("dave", third, "waiting_approval");

    assertThat(ids(api.get("dave", "/api/executions?limit=2").body()))
        .containsExactly(third.toString(), second.toString());
    assertThat(ids(api.get("dave", "/api/executions?agent_id=" + quick).body()))
        .containsExactly(second.toString(), first.toString());
    assertThat(ids(api.get("dave", "/api/executions?status=waiting_approval").body()))
        .containsExactly(third.toString());
    JsonNode summary = api.get("dave", "/api/executions?status=waiting_approval").body().get(0);
    assertThat(summary.path("agent_name").asString()).isEqualTo("waiting");
    assertThat(summary.path("execution_state").path("current_step").asString()).isEqualTo("ok");
    assertThat(summary.path("execution_state").path("step_order").asInt()).isEqualTo(1);
    assertThat(summary.path("execution_state").path("total_steps").asInt()).isEqualTo(1);
    assertThat(api.get("dave", "/api/executions?status=sleeping").status()).isEqualTo(400);
    api.post("dave", "/api/executions/" + third + "/cancel", null);
  }

  @Test
  void anEditNeverChangesARunAlreadyUnderway() {
    UUID agent =
        createAgent(
            "alice",
            manualAgent("snapshot", countingStep("first", 800), countingStep("second", 0)));
    UUID run = start("alice", agent);
    await().atMost(PATIENCE).until(() -> CountingStep.started(run, "first") == 1);

    api.put("alice", "/api/agents/" + agent, manualAgent("edited", logStep("other")));

    JsonNode done = awaitStatus("alice", run, "completed");
    assertThat(
            done.path("execution_state")
                .path("completed_steps")
                .valueStream()
                .map(JsonNode::asString))
        .containsExactly("first", "second");
    assertThat(done.path("agent_name").asString()).isEqualTo("snapshot");
  }

  private static List<String> ids(JsonNode list) {
    return list.valueStream().map(e -> e.path("execution_id").asString()).toList();
  }
}
