package dev.pilot.execution.approval;

import static dev.pilot.execution.AgentFixtures.approvalStep;
import static dev.pilot.execution.AgentFixtures.countingStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static dev.pilot.execution.ApprovalEvents.publish;
import static dev.pilot.execution.ApprovalEvents.resolved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.execution.ServiceTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Whoever can write to approval-events learns approval ids from execution-events; a resolution
 * moves a run only if it matches the approval the run waits on, step included. Anything else is
 * ignored, logged and counted.
 */
class ForgedResolutionsTest extends ServiceTest {

  @Autowired JdbcClient jdbc;
  @Autowired MeterRegistry metrics;

  @Test
  void aResolutionNamingAnotherStepOfTheRunIsIgnoredAndCounted() {
    UUID agent =
        createAgent(
            "alice",
            manualAgent("guarded", approvalStep("review", "any", "bob"), countingStep("pay", 0)));
    UUID run = start("alice", agent);
    UUID approval = awaitApprovalRequested(run, "review");
    double before = ignored();

    ApprovalResolved forged = resolved(run, approval, "pay", ApprovalOutcome.APPROVED);
    publish(forged);
    await().atMost(PATIENCE).until(() -> consumed(forged.eventId()));

    assertThat(execution("alice", run).path("status").asString()).isEqualTo("waiting_approval");
    assertThat(ignored()).isEqualTo(before + 1);

    publish(resolved(run, approval, "review", ApprovalOutcome.APPROVED));
    awaitStatus("alice", run, "completed");
  }

  private double ignored() {
    return metrics.find("pilot.approvals.ignored").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  private boolean consumed(UUID eventId) {
    return jdbc.sql("select count(*) from processed_events where event_id = ?")
            .param(eventId)
            .query(Long.class)
            .single()
        == 1;
  }
}
