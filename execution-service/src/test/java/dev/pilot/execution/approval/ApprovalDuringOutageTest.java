package dev.pilot.execution.approval;

import static dev.pilot.execution.AgentFixtures.approvalStep;
import static dev.pilot.execution.AgentFixtures.countingStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static dev.pilot.execution.ApprovalEvents.publish;
import static dev.pilot.execution.ApprovalEvents.resolved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.execution.ServiceTest;
import dev.pilot.testsupport.TopicRecorder;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A decision that cannot be applied because the database fails for longer than any fixed retry
 * budget is retried until it applies, never dead-lettered (it was: after 3 attempts in ~3 s).
 */
class ApprovalDuringOutageTest extends ServiceTest {

  @Autowired JdbcClient jdbc;

  @Test
  void aDecisionArrivingDuringALongDatabaseFailureIsAppliedWhenItIsBack() {
    UUID agent =
        createAgent(
            "alice",
            manualAgent("outage", approvalStep("review", "any", "bob"), countingStep("pay", 0)));
    UUID run = start("alice", agent);
    UUID approval = awaitApprovalRequested(run, "review");

    try (TopicRecorder dlq = TopicRecorder.open("approval-events.execution-service.dlq")) {
      // The consumer's own table is gone for a while: every attempt fails with an SQL error, as
      // during an outage, while the rest of the service keeps working.
      jdbc.sql("alter table processed_events rename to processed_events_away").update();
      try {
        publish(resolved(run, approval, "review", ApprovalOutcome.APPROVED));
        await()
            .during(Duration.ofSeconds(8))
            .atMost(Duration.ofSeconds(10))
            .until(() -> "waiting_approval".equals(status(run)));
      } finally {
        jdbc.sql("alter table processed_events_away rename to processed_events").update();
      }

      awaitStatus("alice", run, "completed");
      assertThat(dlq.valuesFor(run)).isEmpty();
    }
  }

  private String status(UUID run) {
    return execution("alice", run).path("status").asString();
  }
}
