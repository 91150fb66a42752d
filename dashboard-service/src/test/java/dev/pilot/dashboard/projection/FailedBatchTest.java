package dev.pilot.dashboard.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.ExecutionScenario;
import dev.pilot.dashboard.ReadModel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailedBatchTest extends DashboardTest {

  @Test
  void aBatchThatFailsIsRetriedUntilTheDatabaseIsBackAndNothingIsLost() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    ReadModel alice = new ReadModel(as("alice"));
    // The inbox table goes away: every batch fails at its first statement.
    jdbc.sql("alter table processed_events rename to processed_events_away").update();
    try {
      events.publish(run.started(), run.stepStarted(0));
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(10))
          .until(() -> alice.running(run.executionId).isEmpty());
    } finally {
      jdbc.sql("alter table processed_events_away rename to processed_events").update();
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                alice
                    .running(run.executionId)
                    .filter(r -> "step-1".equals(r.path("current_step").asString()))
                    .isPresent());
    assertThat(alice.running(run.executionId).orElseThrow().path("agent_name").asString())
        .isEqualTo("Invoice triage");
  }
}
