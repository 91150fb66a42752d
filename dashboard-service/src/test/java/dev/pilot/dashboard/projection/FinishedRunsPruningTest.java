package dev.pilot.dashboard.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.ExecutionScenario;
import dev.pilot.dashboard.ReadModel;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Finished runs leave the read model once they are older than the retention (90 days by default),
 * with their approval tallies; recent finished runs and active runs stay, however old.
 */
class FinishedRunsPruningTest extends DashboardTest {

  @Autowired FinishedRunsPruning pruning;

  @Test
  void finishedRunsOlderThanTheRetentionArePrunedAndEverythingElseStays() {
    ExecutionScenario old = ExecutionScenario.fiveStepsWithApprovalAtThree("carol");
    events.publish(
        old.started(),
        old.stepCompleted(0),
        old.stepCompleted(1),
        old.approvalRequested(2, ApprovalType.ANY, "dave"));
    events.publish(
        old.responded("dave", Decision.APPROVE), old.resolved(ApprovalOutcome.APPROVED, "step-3"));
    events.publish(old.completed());
    ExecutionScenario recent = ExecutionScenario.scheduled("carol", "Recent");
    events.publish(recent.started(), recent.stepCompleted(0), recent.completed());
    ExecutionScenario active = ExecutionScenario.scheduled("carol", "Still running");
    events.publish(active.started(), active.stepStarted(0));
    ReadModel carol = new ReadModel(as("carol"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                carol.activity(old.executionId).isPresent()
                    && carol.activity(recent.executionId).isPresent()
                    && carol.running(active.executionId).isPresent()
                    && tallies(old.executionId) == 1);
    // A hundred days on for the old run, and for the start of the active one.
    jdbc.sql(
            "update executions set finished_at = finished_at - interval '100 days',"
                + " created_at = created_at - interval '100 days' where execution_id = :id")
        .param("id", old.executionId)
        .update();
    jdbc.sql(
            "update executions set created_at = created_at - interval '100 days' where execution_id = :id")
        .param("id", active.executionId)
        .update();

    assertThat(pruning.prune()).isGreaterThanOrEqualTo(1);

    assertThat(carol.activity(old.executionId)).isEmpty();
    assertThat(
            jdbc.sql("select count(*) from executions where execution_id = :id")
                .param("id", old.executionId)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(tallies(old.executionId)).isZero();
    assertThat(carol.activity(recent.executionId)).isPresent();
    assertThat(carol.running(active.executionId)).isPresent();
  }

  private long tallies(UUID executionId) {
    return jdbc.sql("select count(*) from approvals where execution_id = :id")
        .param("id", executionId)
        .query(Long.class)
        .single();
  }
}
