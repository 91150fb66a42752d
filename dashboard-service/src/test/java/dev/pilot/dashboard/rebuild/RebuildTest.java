package dev.pilot.dashboard.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.FailureReason;
import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.ExecutionScenario;
import dev.pilot.dashboard.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RebuildTest extends DashboardTest {

  private static final String COLUMNS =
      """
      e.execution_id, agent_id, agent_name, owner, mode, trigger, status, pilot_steps::text,
      current_step, step_title, step_order, total_steps, completed_steps::text, created_at,
      finished_at, duration_ms, e.approval_id, approval_step_id, approval_type, approval_reason,
      approvers::text, failure_reason, failure_step, failure_error, viewers::text,
      last_sequence_execution, last_sequence_approval, a.approvals, a.rejections,
      a.total_approvers, a.outcome, a.responders::text
      """;

  @Test
  void rebuildingFromTheTopicsGivesTheSameReadModelAsLiveProjection() {
    ExecutionScenario approved = ExecutionScenario.fiveStepsWithApprovalAtThree("trent");
    events.publish(
        approved.started(),
        approved.stepCompleted(0),
        approved.stepCompleted(1),
        approved.approvalRequested(2, ApprovalType.ALL, "victor", "walter"),
        approved.responded("victor", Decision.APPROVE),
        approved.responded("walter", Decision.APPROVE),
        approved.resolved(ApprovalOutcome.APPROVED, "step-3"),
        approved.stepCompleted(2),
        approved.stepStarted(3));
    ExecutionScenario rejected = ExecutionScenario.fiveStepsWithApprovalAtThree("trent");
    events.publish(
        rejected.started(),
        rejected.approvalRequested(2, ApprovalType.ANY, "victor"),
        rejected.responded("victor", Decision.REJECT),
        rejected.resolved(ApprovalOutcome.REJECTED, "step-3"),
        rejected.failed(FailureReason.REJECTED, 2, null));
    ExecutionScenario pending = ExecutionScenario.fiveStepsWithApprovalAtThree("trent");
    events.publish(
        pending.started(),
        pending.approvalRequested(2, ApprovalType.MAJORITY, "victor", "walter", "trent"),
        pending.responded("walter", Decision.APPROVE));
    ExecutionScenario done = ExecutionScenario.scheduled("trent", "Done");
    events.publish(done.started(), done.stepCompleted(0), done.completed());
    List<UUID> ids =
        List.of(approved.executionId, rejected.executionId, pending.executionId, done.executionId);
    awaitExecutionSequences(ids, 6 + 3 + 2 + 3);
    await().atMost(Duration.ofSeconds(30)).until(() -> approvalSequences(ids) == 3 + 2 + 1);
    List<Map<String, Object>> live = rows(ids);

    try (SseClient watcher = stream("trent")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> !watcher.events().isEmpty());
      String body =
          rebuildAs("trent")
              .expectStatus()
              .isOk()
              .expectBody(String.class)
              .returnResult()
              .getResponseBody();
      JsonNode result = JsonMapper.builder().build().readTree(body);
      assertThat(result.path("events").asLong()).isGreaterThanOrEqualTo(20);
      assertThat(result.path("events_per_second").asDouble()).isPositive();
      // And where its time went, stage by stage.
      assertThat(result.path("stages").propertyNames())
          .containsExactlyInAnyOrder(
              "setup", "read", "wait_for_fold", "decode", "fold", "write", "commit");
      assertThat(result.path("stages").path("write").asLong())
          .isLessThanOrEqualTo(result.path("millis").asLong());
      System.out.println("Rebuild: " + body);

      assertThat(rows(ids)).isEqualTo(live);
      // Watching browsers are told to start over from a fresh snapshot.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> watcher.matching(e -> e.name().equals("snapshot")).size(), n -> n == 2);
    }
  }

  @Test
  void aRebuildThatFailsLeavesTheReadModelAsItWas() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("ursula");
    events.publish(run.started(), run.stepCompleted(0), run.stepCompleted(1));
    List<UUID> ids = List.of(run.executionId);
    awaitExecutionSequences(ids, 3);
    List<Map<String, Object>> before = rows(ids);
    long rowsBefore = jdbc.sql("select count(*) from executions").query(Long.class).single();
    // Rows already there pass (not valid); every row the rebuild writes is refused, after the
    // rebuild has cleared the old ones in its transaction.
    jdbc.sql("alter table executions add constraint refuse_rebuilt check (false) not valid")
        .update();
    try {
      rebuildAs("trent")
          .expectStatus()
          .value(status -> assertThat(status).isGreaterThanOrEqualTo(500));
    } finally {
      jdbc.sql("alter table executions drop constraint refuse_rebuilt").update();
    }

    assertThat(rows(ids)).isEqualTo(before);
    assertThat(jdbc.sql("select count(*) from executions").query(Long.class).single())
        .isEqualTo(rowsBefore);
    // And the live projection goes on after it.
    events.publish(run.stepCompleted(2));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.sql(
                        "select cardinality(completed_steps) from executions where execution_id = ?")
                    .param(run.executionId)
                    .query(Integer.class)
                    .single(),
            n -> n == 3);
  }

  /** Waits until the live projection has applied {@code sum} execution events of these runs. */
  private void awaitExecutionSequences(List<UUID> ids, long sum) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                rows(ids).stream()
                    .mapToLong(r -> ((Number) r.get("last_sequence_execution")).longValue())
                    .sum(),
            applied -> applied == sum);
  }

  private long approvalSequences(List<UUID> ids) {
    return rows(ids).stream()
        .mapToLong(r -> ((Number) r.get("last_sequence_approval")).longValue())
        .sum();
  }

  private List<Map<String, Object>> rows(List<UUID> ids) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from executions e left join approvals a on a.approval_id = e.approval_id"
                + " where e.execution_id = any(?) order by e.execution_id")
        .param(ids.toArray(UUID[]::new))
        .query()
        .listOfRows();
  }
}
