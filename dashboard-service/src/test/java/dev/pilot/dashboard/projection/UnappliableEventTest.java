package dev.pilot.dashboard.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.Topics;
import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.EventPublisher;
import dev.pilot.dashboard.ExecutionScenario;
import dev.pilot.dashboard.ReadModel;
import dev.pilot.testsupport.TopicRecorder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A well-formed event whose content no consumer can apply goes to the dead-letter topic; it does
 * not stall its partition.
 */
class UnappliableEventTest extends DashboardTest {

  private static final String APPROVAL_DLQ = "approval-events.dashboard-service.dlq";
  private static final String EXECUTION_DLQ = "execution-events.dashboard-service.dlq";

  @Test
  void anApprovalResolvedWithANullResponseIsDeadLetteredAndLaterEventsApply() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    events.publish(
        run.started(),
        run.stepCompleted(0),
        run.stepCompleted(1),
        run.approvalRequested(2, ApprovalType.ANY, "bob"));
    String poison =
        EventPublisher.json(run.resolved(ApprovalOutcome.APPROVED, "step-3"))
            .replace("\"responses\":[]", "\"responses\":[null]");
    assertThat(poison).contains("[null]");
    String key = run.executionId.toString();

    try (TopicRecorder dlq = TopicRecorder.open(APPROVAL_DLQ)) {
      events.publishRaw(Topics.APPROVAL_EVENTS, key, poison);
      events.publish(
          run.responded("bob", Decision.APPROVE), run.resolved(ApprovalOutcome.APPROVED, "step-3"));
      events.publish(run.stepCompleted(2), run.stepStarted(3));

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(dlq.valuesFor(run.executionId)).containsExactly(poison));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                new ReadModel(as("alice"))
                    .running(run.executionId)
                    .filter(row -> !row.path("has_pending_approval").asBoolean())
                    .filter(row -> row.path("step_order").asInt() == 4)
                    .isPresent());
  }

  @Test
  void contentTheDatabaseOrTheFoldRefusesIsDeadLetteredAndTheRunsBehindItApply() {
    ExecutionScenario poisoned = ExecutionScenario.scheduled("alice", "Nightly export");
    // Decodes fine, but PostgreSQL refuses a NUL in text (SQL state 22021): retried forever before.
    String nul =
        EventPublisher.json(poisoned.started())
            .replace("\"Nightly export\"", "\"Nightly\\u0000export\"");
    assertThat(nul).contains("\\u0000");
    // An approval event without an approval id: no tally can be kept for it.
    String noApproval = EventPublisher.json(poisoned.responded("bob", Decision.APPROVE));
    assertThat(noApproval).doesNotContain("approval_id");
    String key = poisoned.executionId.toString();
    // Runs published behind them on the same partitions (same key), as the next events would be.
    ExecutionScenario behind = ExecutionScenario.scheduled("alice", "Behind the poison");

    try (TopicRecorder executionDlq = TopicRecorder.open(EXECUTION_DLQ);
        TopicRecorder approvalDlq = TopicRecorder.open(APPROVAL_DLQ)) {
      events.publishRaw(Topics.EXECUTION_EVENTS, key, nul);
      events.publishRaw(Topics.APPROVAL_EVENTS, key, noApproval);
      events.publishRaw(Topics.EXECUTION_EVENTS, key, EventPublisher.json(behind.started()));
      events.publishRaw(Topics.EXECUTION_EVENTS, key, EventPublisher.json(behind.stepStarted(0)));

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(executionDlq.valuesFor(poisoned.executionId)).containsExactly(nul);
                assertThat(approvalDlq.valuesFor(poisoned.executionId)).containsExactly(noApproval);
              });
      assertThat(
              executionDlq
                  .matching(r -> r.value().equals(nul))
                  .get(0)
                  .headers()
                  .lastHeader("x-exception-message"))
          .isNotNull();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                new ReadModel(as("alice"))
                    .running(behind.executionId)
                    .filter(row -> row.path("step_order").asInt() == 1)
                    .isPresent());
  }
}
