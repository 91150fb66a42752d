package dev.pilot.execution.execution;

import static dev.pilot.execution.AgentFixtures.action;
import static dev.pilot.execution.AgentFixtures.logStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.execution.Api;
import dev.pilot.execution.Recorded;
import dev.pilot.execution.ServiceTest;
import dev.pilot.execution.SilentServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Pause and cancel take effect at once even while an http step waits for an answer that never
 * comes: the call is aborted (the server sees its connection closed), and the step never completes
 * afterwards.
 */
class StopInFlightTest extends ServiceTest {

  /** Long enough that only an abort ends the call within the test. */
  static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

  /** How soon an abort must reach the server. */
  static final Duration AT_ONCE = Duration.ofSeconds(5);

  final SilentServer server = new SilentServer();

  @Autowired JdbcClient jdbc;

  @AfterEach
  void stopServer() {
    server.close();
  }

  static Map<String, Object> hangingCall(String id, SilentServer server) {
    return action(
        id,
        "http",
        Map.of(
            "url", server.url("/slow"), "method", "POST", "timeout_ms", STEP_TIMEOUT.toMillis()));
  }

  @Test
  void cancellingAbortsAnHttpCallThatNeverAnswersAndTheStepNeverCompletes() {
    UUID agent =
        createAgent("alice", manualAgent("hanging", hangingCall("call", server), logStep("after")));
    UUID run = start("alice", agent);
    await().atMost(PATIENCE).until(() -> server.requests() == 1);

    Api.Response cancel = api.post("alice", "/api/executions/" + run + "/cancel", null);

    assertThat(cancel.status()).isEqualTo(200);
    assertThat(cancel.body().path("status").asString()).isEqualTo("cancelled");
    await().atMost(AT_ONCE).until(() -> server.closedByCaller() == 1);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(execution("alice", run).path("status").asString()).isEqualTo("cancelled");
              assertThat(Recorded.types(run))
                  .doesNotContain("StepCompleted", "ExecutionFailed", "ExecutionCompleted");
            });
    assertThat(Recorded.types(run)).contains("ExecutionCancelled");
    assertThat(historyOf(run)).as("finished steps").isZero();
    assertThat(server.requests()).as("no retry after the cancel").isEqualTo(1);
  }

  @Test
  void pausingAbortsTheCallAndResumingCallsAgainWithTheSameIdempotencyKey() {
    UUID agent =
        createAgent("alice", manualAgent("hanging", hangingCall("call", server), logStep("after")));
    UUID run = start("alice", agent);
    await().atMost(PATIENCE).until(() -> server.requests() == 1);

    Api.Response pause = api.post("alice", "/api/executions/" + run + "/pause", null);

    assertThat(pause.status()).isEqualTo(200);
    assertThat(pause.body().path("status").asString()).isEqualTo("paused");
    await().atMost(AT_ONCE).until(() -> server.closedByCaller() == 1);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(execution("alice", run).path("status").asString()).isEqualTo("paused");
              assertThat(Recorded.types(run)).doesNotContain("StepCompleted", "ExecutionFailed");
            });
    assertThat(server.requests()).isEqualTo(1);

    assertThat(api.post("alice", "/api/executions/" + run + "/resume", null).status())
        .isEqualTo(200);

    await().atMost(PATIENCE).until(() -> server.requests() == 2);
    assertThat(server.idempotencyKeys()).containsExactly(run + ":call", run + ":call");
    api.post("alice", "/api/executions/" + run + "/cancel", null);
    await().atMost(AT_ONCE).until(() -> server.closedByCaller() == 2);
    assertThat(historyOf(run)).isZero();
  }

  long historyOf(UUID run) {
    return jdbc.sql("select count(*) from step_history where execution_id = ?")
        .param(run)
        .query(Long.class)
        .single();
  }
}
