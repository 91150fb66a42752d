package dev.pilot.execution.approval;

import static dev.pilot.execution.AgentFixtures.approvalStep;
import static dev.pilot.execution.AgentFixtures.countingStep;
import static dev.pilot.execution.AgentFixtures.logStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static dev.pilot.execution.ApprovalEvents.publish;
import static dev.pilot.execution.ApprovalEvents.resolved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.execution.ApprovalEvents;
import dev.pilot.execution.CountingStep;
import dev.pilot.execution.Recorded;
import dev.pilot.execution.ServiceTest;
import dev.pilot.testsupport.TopicRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class ApprovalFlowTest extends ServiceTest {

  @Autowired JdbcClient jdbc;

  private UUID reviewAgent(String... approvers) {
    return createAgent(
        "alice",
        manualAgent(
            "Review " + UUID.randomUUID(),
            logStep("fetch"),
            approvalStep("review", "majority", approvers),
            countingStep("pay", 0)));
  }

  @Test
  void waitsForApprovalWithoutAThreadAndAnnouncesWhatApproversNeed() {
    UUID run = start("alice", reviewAgent("bob", "carol", "dave"));
    Instant started = Instant.now();

    JsonNode waiting = awaitStatus("alice", run, "waiting_approval");
    UUID approvalId = awaitApprovalRequested(run, "review");

    assertThat(waiting.path("execution_state").path("current_step").asString()).isEqualTo("review");
    assertThat(waiting.path("execution_state").path("approval_id").asString())
        .isEqualTo(approvalId.toString());
    assertThat(waiting.path("steps").get(1).path("status").asString())
        .isEqualTo("waiting_approval");
    JsonNode request = Recorded.ofType(run, "ApprovalRequested").get(0);
    assertThat(request.path("step_title").asString()).isEqualTo("Approve review");
    assertThat(request.path("step_order").asInt()).isEqualTo(2);
    assertThat(request.path("total_steps").asInt()).isEqualTo(3);
    assertThat(request.path("approvers").valueStream().map(JsonNode::asString))
        .containsExactly("bob", "carol", "dave");
    assertThat(request.path("approval_type").asString()).isEqualTo("majority");
    assertThat(request.path("owner").asString()).isEqualTo("alice");
    assertThat(request.path("prevent_self_approval").asBoolean()).isTrue();
    assertThat(request.path("reason").asString()).isEqualTo("needs a human");
    assertThat(Instant.parse(request.path("expires_at").asString()))
        .isBetween(started.plus(Duration.ofMinutes(59)), started.plus(Duration.ofMinutes(61)));
    JsonNode context = request.path("context");
    assertThat(context.path("agent_name").asString()).startsWith("Review");
    assertThat(context.path("mode").asString()).isEqualTo("manual");
    assertThat(context.path("trigger").asString()).isEqualTo("manual");
    assertThat(context.path("pilot_steps").valueStream().map(s -> s.path("status").asString()))
        .containsExactly("completed", "waiting_approval", "pending");
    api.post("alice", "/api/executions/" + run + "/cancel", null);
  }

  @Test
  void anApprovedStepCompletesAndTheRunContinues() {
    UUID run = start("alice", reviewAgent("bob"));
    UUID approvalId = awaitApprovalRequested(run, "review");

    publish(resolved(run, approvalId, "review", ApprovalOutcome.APPROVED));

    JsonNode done = awaitStatus("alice", run, "completed");
    assertThat(done.path("steps").get(1).path("status").asString()).isEqualTo("completed");
    assertThat(CountingStep.finished(run, "pay")).isEqualTo(1);
    await().atMost(PATIENCE).until(() -> Recorded.types(run).contains("ExecutionCompleted"));
    assertThat(Recorded.types(run))
        .containsSubsequence("ApprovalRequested", "StepCompleted", "StepStarted", "StepCompleted");
  }

  @Test
  void theNextStepStartsInTheSameCommitThatAppliesTheApproval() {
    UUID run = start("alice", reviewAgent("bob"));
    UUID approvalId = awaitApprovalRequested(run, "review");

    publish(resolved(run, approvalId, "review", ApprovalOutcome.APPROVED));

    awaitStatus("alice", run, "completed");
    JsonNode approved = stepEvent(run, "StepCompleted", "review");
    JsonNode next = stepEvent(run, "StepStarted", "pay");
    // a free worker took the run as the outcome was applied: no wake-up, no claim in between
    assertThat(next.path("occurred_at").asString())
        .isEqualTo(approved.path("occurred_at").asString());
    assertThat(next.path("sequence").asLong()).isEqualTo(approved.path("sequence").asLong() + 1);
    assertThat(CountingStep.finished(run, "pay")).isEqualTo(1);
  }

  private static JsonNode stepEvent(UUID run, String type, String stepId) {
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                Recorded.ofType(run, type).stream()
                    .anyMatch(e -> stepId.equals(e.path("step_id").asString())));
    return Recorded.ofType(run, type).stream()
        .filter(e -> stepId.equals(e.path("step_id").asString()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aRejectedApprovalFailsTheRunWithReasonRejected() {
    UUID run = start("alice", reviewAgent("bob"));
    UUID approvalId = awaitApprovalRequested(run, "review");

    publish(resolved(run, approvalId, "review", ApprovalOutcome.REJECTED));

    JsonNode failed = awaitStatus("alice", run, "failed");
    assertThat(failed.path("failure_reason").asString()).isEqualTo("rejected");
    assertThat(failed.path("failure_step_id").asString()).isEqualTo("review");
    assertThat(CountingStep.started(run, "pay")).isZero();
    await().atMost(PATIENCE).until(() -> Recorded.types(run).contains("ExecutionFailed"));
    assertThat(Recorded.ofType(run, "ExecutionFailed").get(0).path("reason").asString())
        .isEqualTo("rejected");
  }

  @Test
  void anExpiredApprovalFailsTheRunWithReasonTimeout() {
    UUID run = start("alice", reviewAgent("bob"));
    UUID approvalId = awaitApprovalRequested(run, "review");

    publish(resolved(run, approvalId, "review", ApprovalOutcome.TIMEOUT));

    JsonNode failed = awaitStatus("alice", run, "failed");
    assertThat(failed.path("failure_reason").asString()).isEqualTo("timeout");
    await().atMost(PATIENCE).until(() -> Recorded.types(run).contains("ExecutionFailed"));
    assertThat(Recorded.ofType(run, "ExecutionFailed").get(0).path("reason").asString())
        .isEqualTo("timeout");
  }

  @Test
  void duplicateReplayedAndForeignResolutionsChangeNothing() {
    UUID agent =
        createAgent(
            "alice",
            manualAgent(
                "two approvals",
                approvalStep("first", "any", "bob"),
                approvalStep("second", "any", "bob"),
                countingStep("after", 0)));
    UUID run = start("alice", agent);
    UUID firstApproval = awaitApprovalRequested(run, "first");
    ApprovalResolved approved = resolved(run, firstApproval, "first", ApprovalOutcome.APPROVED);

    publish(approved);
    publish(approved); // redelivered
    publish(resolved(run, firstApproval, "first", ApprovalOutcome.REJECTED)); // replayed, stale
    publish(resolved(run, UUID.randomUUID(), "second", ApprovalOutcome.REJECTED)); // not ours
    UUID secondApproval = awaitApprovalRequested(run, "second");
    ApprovalResolved marker = resolved(run, UUID.randomUUID(), "x", ApprovalOutcome.APPROVED);
    publish(marker); // published last: once applied, everything before it was too
    await().atMost(PATIENCE).until(() -> consumed(marker.eventId()));

    JsonNode waiting = execution("alice", run);
    assertThat(waiting.path("status").asString()).isEqualTo("waiting_approval");
    assertThat(
            waiting
                .path("execution_state")
                .path("completed_steps")
                .valueStream()
                .map(JsonNode::asString))
        .containsExactly("first");
    assertThat(Recorded.ofType(run, "StepCompleted")).hasSize(1);

    publish(resolved(run, secondApproval, "second", ApprovalOutcome.APPROVED));
    awaitStatus("alice", run, "completed");
    assertThat(CountingStep.finished(run, "after")).isEqualTo(1);
  }

  @Test
  void anOutcomeArrivingWhilePausedIsAppliedOnResume() {
    UUID run = start("alice", reviewAgent("bob"));
    UUID approvalId = awaitApprovalRequested(run, "review");
    assertThat(api.post("alice", "/api/executions/" + run + "/pause", null).status())
        .isEqualTo(200);
    awaitStatus("alice", run, "paused");

    ApprovalResolved approved = resolved(run, approvalId, "review", ApprovalOutcome.APPROVED);
    publish(approved);
    await().atMost(PATIENCE).until(() -> consumed(approved.eventId()));
    assertThat(execution("alice", run).path("status").asString()).isEqualTo("paused");
    assertThat(CountingStep.started(run, "pay")).isZero();

    api.post("alice", "/api/executions/" + run + "/resume", null);

    awaitStatus("alice", run, "completed");
    assertThat(CountingStep.finished(run, "pay")).isEqualTo(1);
  }

  @Test
  void aResumeWithoutOutcomeWaitsForApprovalAgain() {
    UUID run = start("alice", reviewAgent("bob"));
    UUID approvalId = awaitApprovalRequested(run, "review");
    api.post("alice", "/api/executions/" + run + "/pause", null);
    awaitStatus("alice", run, "paused");

    api.post("alice", "/api/executions/" + run + "/resume", null);

    assertThat(execution("alice", run).path("status").asString()).isEqualTo("waiting_approval");
    publish(resolved(run, approvalId, "review", ApprovalOutcome.APPROVED));
    awaitStatus("alice", run, "completed");
    assertThat(Recorded.ofType(run, "ApprovalRequested")).hasSize(1);
  }

  @Test
  void cancellingARunCancelsItsPendingApprovalAndLaterOutcomesAreIgnored() {
    UUID run = start("alice", reviewAgent("bob"));
    UUID approvalId = awaitApprovalRequested(run, "review");

    api.post("alice", "/api/executions/" + run + "/cancel", null);
    ApprovalResolved late = resolved(run, approvalId, "review", ApprovalOutcome.APPROVED);
    publish(late);
    await().atMost(PATIENCE).until(() -> consumed(late.eventId()));

    assertThat(execution("alice", run).path("status").asString()).isEqualTo("cancelled");
    await().atMost(PATIENCE).until(() -> Recorded.types(run).contains("ExecutionCancelled"));
    assertThat(Recorded.ofType(run, "ExecutionCancelled").get(0).path("step_id").asString())
        .isEqualTo("review");
    assertThat(CountingStep.started(run, "pay")).isZero();
  }

  @Test
  void skipsEventsOfUnknownTypesAndKeepsConsuming() {
    UUID run = start("alice", reviewAgent("bob"));
    UUID approvalId = awaitApprovalRequested(run, "review");

    ApprovalEvents.publishRaw(
        run.toString(),
        """
        {"event_type":"ApprovalEscalated","event_id":"%s","execution_id":"%s","sequence":1}"""
            .formatted(UUID.randomUUID(), run));
    publish(resolved(run, approvalId, "review", ApprovalOutcome.APPROVED));

    awaitStatus("alice", run, "completed");
  }

  @Test
  void deadLettersAMalformedDecisionAndAppliesTheNextOne() {
    UUID run = start("alice", reviewAgent("bob"));
    UUID approvalId = awaitApprovalRequested(run, "review");

    try (TopicRecorder dlq = TopicRecorder.open("approval-events.execution-service.dlq")) {
      String malformed = "{\"event_type\":\"ApprovalResolved\",\"execution_id\":\"" + run;
      ApprovalEvents.publishRaw(run.toString(), malformed);
      publish(resolved(run, approvalId, "review", ApprovalOutcome.APPROVED));

      awaitStatus("alice", run, "completed");
      await().atMost(PATIENCE).until(() -> dlq.valuesFor(run).contains(malformed));
    }
  }

  private boolean consumed(UUID eventId) {
    return jdbc.sql("select count(*) from processed_events where event_id = ?")
            .param(eventId)
            .query(Long.class)
            .single()
        == 1;
  }
}
