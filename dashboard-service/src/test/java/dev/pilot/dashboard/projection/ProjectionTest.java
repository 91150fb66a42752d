package dev.pilot.dashboard.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.ExecutionMode;
import dev.pilot.contracts.FailureReason;
import dev.pilot.contracts.Trigger;
import dev.pilot.contracts.execution.ExecutionStarted;
import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.ExecutionScenario;
import dev.pilot.dashboard.ReadModel;
import dev.pilot.testsupport.api.ApiFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProjectionTest extends DashboardTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private ReadModel readModel(String user) {
    return new ReadModel(as(user));
  }

  private JsonNode awaitRunning(String user, UUID id, java.util.function.Predicate<JsonNode> when) {
    return await()
        .atMost(WAIT)
        .until(() -> readModel(user).running(id).filter(when).orElse(null), r -> r != null);
  }

  @Test
  void showsARunningExecutionWithTheSeedsStepProgress() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    events.publish(run.started(), run.stepStarted(0), run.stepCompleted(0), run.stepStarted(1));

    JsonNode row = awaitRunning("alice", run.executionId, r -> r.path("step_order").asInt() == 2);

    assertThat(row.path("agent_name").asString()).isEqualTo("Invoice triage");
    assertThat(row.path("agent_id").asString()).isEqualTo(run.agentId.toString());
    assertThat(row.path("status").asString()).isEqualTo("running");
    assertThat(row.path("current_step").asString()).isEqualTo("step-2");
    assertThat(row.path("step_title").asString()).isEqualTo("Action 2");
    assertThat(row.path("total_steps").asInt()).isEqualTo(5);
    assertThat(row.path("completed_steps").size()).isEqualTo(1);
    assertThat(row.path("progress_percentage").asInt()).isEqualTo(20);
    assertThat(row.path("has_pending_approval").asBoolean()).isFalse();
    assertThat(row.path("mode").asString()).isEqualTo("manual");
    assertThat(row.path("trigger").asString()).isEqualTo("manual");
    assertThat(row.path("owner").asString()).isEqualTo("alice");
    assertThat(row.path("created_at").asString()).isNotBlank();
  }

  @Test
  void aScheduledRunCarriesItsTrigger() {
    ExecutionScenario run = ExecutionScenario.scheduled("alice", "Nightly report");
    events.publish(run.started());

    JsonNode row = awaitRunning("alice", run.executionId, r -> true);

    assertThat(row.path("trigger").asString()).isEqualTo("schedule");
    assertThat(row.path("mode").asString()).isEqualTo("scheduled");
    assertThat(row.path("step_order").asInt()).isEqualTo(1);
    assertThat(row.path("step_title").asString()).isEqualTo("Action 1");
  }

  @Test
  void aMissingAgentNameShowsUnknownAgentAndNoStepsShowBasicProgress() {
    UUID executionId = UUID.randomUUID();
    events.publish(
        new ExecutionStarted(
            UUID.randomUUID(),
            Instant.now(),
            executionId,
            1,
            UUID.randomUUID(),
            null,
            "alice",
            ExecutionMode.MANUAL,
            Trigger.MANUAL,
            null));

    JsonNode row = awaitRunning("alice", executionId, r -> true);

    assertThat(row.path("agent_name").asString()).isEqualTo("Unknown Agent");
    assertThat(row.path("total_steps").asInt()).isZero();
    assertThat(row.path("step_order").asInt()).isEqualTo(1);
    assertThat(row.path("progress_percentage").asInt()).isZero();
  }

  @Test
  void anApprovalRequestTurnsTheRowPendingForOwnerAndApproversOnly() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    events.publish(
        run.started(),
        run.stepStarted(0),
        run.stepCompleted(0),
        run.stepStarted(1),
        run.stepCompleted(1),
        run.approvalRequested(2, ApprovalType.ALL, "bob", "carol"));

    JsonNode row =
        awaitRunning(
            "alice", run.executionId, r -> r.path("has_pending_approval").asBoolean(false));

    assertThat(row.path("status").asString()).isEqualTo("waiting_approval");
    assertThat(row.path("approval_id").asString()).isEqualTo(run.approvalId().toString());
    assertThat(row.path("step_order").asInt()).isEqualTo(3);
    assertThat(row.path("step_title").asString()).isEqualTo("Manager sign-off");
    assertThat(row.path("progress_percentage").asInt()).isEqualTo(40);
    assertThat(row.path("approvers").toString()).contains("bob", "carol");
    assertThat(readModel("bob").running(run.executionId)).isPresent();
    assertThat(readModel("carol").running(run.executionId)).isPresent();
    assertThat(readModel("mallory").running(run.executionId)).isEmpty();
    // The browser's types (types.js) and the fakes of other tests follow this fixture.
    ApiFixtures.assertSameShape("dashboard/running-execution.json", row);
  }

  @Test
  void eachResponseUpdatesTheTally() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    events.publish(
        run.started(), run.approvalRequested(2, ApprovalType.ALL, "bob", "carol", "dave"));
    events.publish(run.responded("bob", Decision.APPROVE));

    JsonNode row =
        awaitRunning("alice", run.executionId, r -> r.path("tally").path("approvals").asInt() == 1);

    assertThat(row.path("tally").path("total_approvers").asInt()).isEqualTo(3);
    assertThat(row.path("tally").path("responders").toString()).contains("bob");
    assertThat(row.path("has_pending_approval").asBoolean()).isTrue();
  }

  @Test
  void approvedExecutionContinuesAndApproversNoLongerSeeIt() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    events.publish(
        run.started(),
        run.stepCompleted(0),
        run.stepCompleted(1),
        run.approvalRequested(2, ApprovalType.ANY, "bob"));
    awaitRunning("bob", run.executionId, r -> true);
    events.publish(
        run.responded("bob", Decision.APPROVE), run.resolved(ApprovalOutcome.APPROVED, "step-3"));
    events.publish(run.stepCompleted(2), run.stepStarted(3));

    JsonNode row = awaitRunning("alice", run.executionId, r -> r.path("step_order").asInt() == 4);

    assertThat(row.path("status").asString()).isEqualTo("running");
    assertThat(row.path("progress_percentage").asInt()).isEqualTo(60);
    assertThat(row.path("has_pending_approval").asBoolean()).isFalse();
    await().atMost(WAIT).until(() -> readModel("bob").running(run.executionId).isEmpty());
  }

  @Test
  void bothInterleavingsOfApprovalAndStepEventsConvergeToTheSameRow() {
    ExecutionScenario first = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    ExecutionScenario second = first.again();
    List<Object> firstRequests = approvalRun(first);
    List<Object> secondRequests = approvalRun(second);

    // Execution events first, then approval events.
    events.publish((dev.pilot.contracts.PilotEvent[]) firstRequests.get(0));
    events.publish((dev.pilot.contracts.PilotEvent[]) firstRequests.get(1));
    // Approval events first (applied before the ApprovalRequested exists), then execution events.
    events.publish((dev.pilot.contracts.PilotEvent[]) secondRequests.get(1));
    await()
        .atMost(WAIT)
        .until(
            () ->
                jdbc.sql("select outcome from approvals where approval_id = ?")
                    .param(second.approvalId())
                    .query(String.class)
                    .optional()
                    .isPresent());
    events.publish((dev.pilot.contracts.PilotEvent[]) secondRequests.get(0));

    JsonNode a = awaitRunning("alice", first.executionId, r -> r.path("step_order").asInt() == 4);
    JsonNode b = awaitRunning("alice", second.executionId, r -> r.path("step_order").asInt() == 4);
    assertThat(comparable(b)).isEqualTo(comparable(a));
    assertThat(a.path("tally").path("approvals").asInt()).isEqualTo(1);
    assertThat(a.path("has_pending_approval").asBoolean()).isFalse();
  }

  @Test
  void aRunWhoseFirstEventsArriveAfterLaterOnesStillReachesItsOwner() {
    ExecutionScenario reordered = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    ExecutionScenario inOrder = reordered.again();
    List<dev.pilot.contracts.PilotEvent> late = eightSteps(reordered);
    try (dev.pilot.dashboard.SseClient alice = stream("alice")) {
      await().atMost(WAIT).until(() -> !alice.events().isEmpty());
      // As after a broker restart: 6, 7, 8 first, then the whole run 1..8 again.
      events.publish(late.subList(5, 8).toArray(dev.pilot.contracts.PilotEvent[]::new));
      events.publish(late.toArray(dev.pilot.contracts.PilotEvent[]::new));
      events.publish(eightSteps(inOrder).toArray(dev.pilot.contracts.PilotEvent[]::new));

      JsonNode a =
          awaitRunning(
              "alice",
              reordered.executionId,
              r -> "Action 4".equals(r.path("step_title").asString()));
      JsonNode b =
          awaitRunning(
              "alice",
              inOrder.executionId,
              r -> "Action 4".equals(r.path("step_title").asString()));
      assertThat(a.path("agent_name").asString()).isEqualTo("Invoice triage");
      assertThat(a.path("status").asString()).isEqualTo("running");
      assertThat(a.path("step_order").asInt()).isEqualTo(4);
      assertThat(a.path("created_at").asString()).isNotBlank();
      assertThat(comparable(a)).isEqualTo(comparable(b));
      await()
          .atMost(WAIT)
          .until(
              () ->
                  alice.matching(
                      e ->
                          "execution".equals(e.name())
                              && reordered.executionId.toString().equals(e.executionId())
                              && "Invoice triage".equals(e.json().path("agent_name").asString())
                              && "running".equals(e.json().path("status").asString())),
              found -> !found.isEmpty());
    }
  }

  /** Eight execution events of a run, the third step treated as an ordinary one. */
  private static List<dev.pilot.contracts.PilotEvent> eightSteps(ExecutionScenario run) {
    return List.of(
        run.started(),
        run.stepStarted(0),
        run.stepCompleted(0),
        run.stepStarted(1),
        run.stepCompleted(1),
        run.stepStarted(2),
        run.stepCompleted(2),
        run.stepStarted(3));
  }

  /** [execution events, approval events] of a run approved by bob at step 3. */
  private static List<Object> approvalRun(ExecutionScenario run) {
    dev.pilot.contracts.PilotEvent[] execution = {
      run.started(),
      run.stepCompleted(0),
      run.stepCompleted(1),
      run.approvalRequested(2, ApprovalType.ANY, "bob"),
      null,
      null
    };
    dev.pilot.contracts.PilotEvent[] approval = {
      run.responded("bob", Decision.APPROVE), run.resolved(ApprovalOutcome.APPROVED, "step-3")
    };
    execution[4] = run.stepCompleted(2);
    execution[5] = run.stepStarted(3);
    return List.of(execution, approval);
  }

  private static String comparable(JsonNode row) {
    tools.jackson.databind.node.ObjectNode copy =
        (tools.jackson.databind.node.ObjectNode) row.deepCopy();
    copy.remove(
        List.of("execution_id", "approval_id", "created_at", "updated_at", "average_duration_ms"));
    return copy.toString();
  }

  @Test
  void duplicatesAndStaleReplaysChangeNothing() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    var started = run.started();
    var firstCompleted = run.stepCompleted(0);
    var secondStarted = run.stepStarted(1);
    events.publish(started, firstCompleted, secondStarted);
    JsonNode before =
        awaitRunning("alice", run.executionId, r -> r.path("step_order").asInt() == 2);

    // The same records again (a redelivery), and an older step event under a new event id.
    var replayed =
        new dev.pilot.contracts.execution.StepStarted(
            UUID.randomUUID(),
            Instant.now(),
            run.executionId,
            firstCompleted.sequence(),
            "step-1",
            "Action 1",
            1,
            5,
            1);
    events.publish(started, firstCompleted, secondStarted, replayed);
    var marker = run.stepCompleted(1);
    events.publish(marker);

    JsonNode after =
        awaitRunning("alice", run.executionId, r -> r.path("completed_steps").size() == 2);
    assertThat(after.path("step_order").asInt()).isEqualTo(3);
    assertThat(after.path("created_at").asString()).isEqualTo(before.path("created_at").asString());
    assertThat(
            jdbc.sql("select count(*) from executions where execution_id = ?")
                .param(run.executionId)
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void pausedAndResumedExecutionsShowTheirStatus() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    events.publish(run.started(), run.stepCompleted(0), run.paused("step-2"));
    JsonNode paused =
        awaitRunning("alice", run.executionId, r -> "paused".equals(r.path("status").asString()));
    assertThat(paused.path("step_title").asString()).isEqualTo("Action 2");

    events.publish(run.resumed());
    awaitRunning("alice", run.executionId, r -> "running".equals(r.path("status").asString()));
  }

  @Test
  void completedRunsLeaveTheCardAndAppearInRecentActivity() {
    ExecutionScenario run = ExecutionScenario.scheduled("alice", "Quick one");
    events.publish(run.started(), run.stepCompleted(0), run.stepCompleted(1), run.stepCompleted(2));
    awaitRunning("alice", run.executionId, r -> r.path("progress_percentage").asInt() == 100);
    events.publish(run.completed());

    JsonNode done =
        await()
            .atMost(WAIT)
            .until(() -> readModel("alice").activity(run.executionId).orElse(null), r -> r != null);
    assertThat(done.path("status").asString()).isEqualTo("completed");
    assertThat(done.path("finished_at").asString()).isNotBlank();
    assertThat(readModel("alice").running(run.executionId)).isEmpty();
  }

  @Test
  void rejectedTimedOutFailedAndCancelledRunsShowWhy() {
    ExecutionScenario rejected = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    events.publish(
        rejected.started(),
        rejected.approvalRequested(2, ApprovalType.ALL, "bob"),
        rejected.failed(FailureReason.REJECTED, 2, null));
    ExecutionScenario broken = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    events.publish(broken.started(), broken.failed(FailureReason.STEP_ERROR, 0, "HTTP 500"));
    ExecutionScenario timedOut = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    events.publish(timedOut.started(), timedOut.failed(FailureReason.TIMEOUT, 2, null));
    ExecutionScenario cancelled = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    events.publish(cancelled.started(), cancelled.cancelled());

    ReadModel alice = readModel("alice");
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(
                      alice
                          .activity(rejected.executionId)
                          .orElseThrow()
                          .path("failure_reason")
                          .asString())
                  .isEqualTo("rejected");
              assertThat(
                      alice
                          .activity(broken.executionId)
                          .orElseThrow()
                          .path("failure_error")
                          .asString())
                  .isEqualTo("HTTP 500");
              assertThat(
                      alice
                          .activity(timedOut.executionId)
                          .orElseThrow()
                          .path("failure_reason")
                          .asString())
                  .isEqualTo("timeout");
              assertThat(
                      alice.activity(cancelled.executionId).orElseThrow().path("status").asString())
                  .isEqualTo("cancelled");
            });
    assertThat(readModel("bob").activity(rejected.executionId)).isPresent();
    assertThat(alice.running(rejected.executionId)).isEmpty();
  }

  @Test
  void anEstimateComesFromPastRunsOfTheSameAgent() {
    ExecutionScenario past = ExecutionScenario.scheduled("alice", "Estimated agent");
    events.publish(past.started(), past.completed());
    ExecutionScenario now = past.again();
    events.publish(now.started());

    JsonNode row =
        awaitRunning("alice", now.executionId, r -> r.path("average_duration_ms").isNumber());
    assertThat(row.path("average_duration_ms").asLong()).isPositive();
  }
}
