package dev.pilot.execution.approval;

import static dev.pilot.execution.AgentFixtures.approvalStep;
import static dev.pilot.execution.AgentFixtures.logStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.execution.Api;
import dev.pilot.execution.ApprovalEvents;
import dev.pilot.execution.Instances;
import dev.pilot.execution.Recorded;
import dev.pilot.execution.TestClock;
import dev.pilot.testsupport.AdjustableClock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A decision the consumer never applied is recovered from the approval-events topic: an instance
 * whose approval-events consumer never starts (every decision is missed, as after a record was
 * skipped or dead-lettered) still moves the run on, once the approval has been waited for longer
 * than {@code pilot.approvals.reconcile.after} (10 minutes; the test moves the clock).
 */
class MissedDecisionTest {

  static final Duration PATIENCE = Duration.ofSeconds(30);

  @Test
  void aRunWhoseDecisionWasMissedMovesOnOnceItHasWaitedLongerThanTheReconciliationDelay() {
    String database = Instances.freshDatabase("missed_decisions");
    Map<String, String> deaf =
        Map.of(
            "spring.cloud.stream.bindings.approvalEvents-in-0.consumer.auto-startup", "false",
            "pilot.approvals.reconcile.every", "300ms");
    try (ConfigurableApplicationContext service =
        Instances.start(database, deaf, TestClock.class)) {
      Recorded.start();
      Api api = new Api(Instances.port(service));
      Api.Response agent =
          api.post(
              "alice",
              "/api/agents",
              manualAgent("reviewed", approvalStep("review", "any", "bob"), logStep("after")));
      assertThat(agent.status()).as(agent.body().toString()).isEqualTo(201);
      Api.Response started =
          api.post("alice", "/api/agents/" + agent.text("id") + "/executions", null);
      UUID run = UUID.fromString(started.text("execution_id"));
      await().atMost(PATIENCE).until(() -> !Recorded.ofType(run, "ApprovalRequested").isEmpty());
      UUID approval =
          UUID.fromString(
              Recorded.ofType(run, "ApprovalRequested").get(0).path("approval_id").asString());

      ApprovalEvents.publish(
          ApprovalEvents.resolved(run, approval, "review", ApprovalOutcome.APPROVED));

      // Nobody consumes it, and the reconciliation leaves young approvals to the consumer.
      await()
          .during(Duration.ofSeconds(2))
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(api.get("alice", "/api/executions/" + run).text("status"))
                      .isEqualTo("waiting_approval"));

      service.getBean(AdjustableClock.class).advance(Duration.ofMinutes(11));

      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(api.get("alice", "/api/executions/" + run).text("status"))
                      .isEqualTo("completed"));
      await().atMost(PATIENCE).until(() -> Recorded.types(run).contains("ExecutionCompleted"));
      assertThat(
              Recorded.ofType(run, "StepCompleted").stream().map(e -> e.path("step_id").asString()))
          .containsExactly("review", "after");
    }
  }
}
