package dev.pilot.dashboard.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.FailureReason;
import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.ExecutionScenario;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run that starts and ends within one batch of the dashboard's consumer (a fast scheduled agent,
 * or a consumer catching up) was never on anyone's running list. Its owner and approvers still
 * learn that it ended, with its last card, so it joins their recent activity at once. Owners no
 * client of the shared context streams as, so nobody else is sent these changes.
 */
class RunsThatCameAndWentTest extends DashboardTest {

  @Autowired Projection projection;
  @Autowired JsonMapper json;

  private record Change(String kind, List<String> viewers, JsonNode card) {}

  private List<Change> changesOf(UUID executionId) {
    return jdbc.sql(
            "select kind, viewers, payload::text as payload from changes"
                + " where execution_id = :id order by id")
        .param("id", executionId)
        .query(
            (rs, n) ->
                new Change(
                    rs.getString("kind"),
                    List.of((String[]) rs.getArray("viewers").getArray()),
                    json.readTree(rs.getString("payload"))))
        .list();
  }

  @Test
  void aRunThatStartedAndEndedWithinOneBatchReachesItsOwnerAsRemovedWithItsLastCard() {
    ExecutionScenario run = ExecutionScenario.scheduled("came-and-went", "Quick report");

    projection.apply(
        List.of(run.started(), run.stepStarted(0), run.stepCompleted(0), run.completed(1_200)));

    List<Change> changes = changesOf(run.executionId);
    assertThat(changes).hasSize(1);
    Change removed = changes.get(0);
    assertThat(removed.kind()).isEqualTo("removed");
    assertThat(removed.viewers()).containsExactly("came-and-went");
    assertThat(removed.card().path("status").asString()).isEqualTo("completed");
    assertThat(removed.card().path("finished_at").asString()).isNotBlank();
  }

  @Test
  void anApprovedRunThatEndedWithinOneBatchAlsoReachesItsApprovers() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("came-and-went-2");

    projection.apply(
        List.of(
            run.started(),
            run.approvalRequested(2, ApprovalType.ANY, "came-and-went-approver"),
            run.responded("came-and-went-approver", Decision.APPROVE),
            run.resolved(ApprovalOutcome.APPROVED, "step-3"),
            run.completed()));

    assertThat(changesOf(run.executionId))
        .singleElement()
        .satisfies(
            change -> {
              assertThat(change.kind()).isEqualTo("removed");
              assertThat(change.viewers())
                  .containsExactlyInAnyOrder("came-and-went-2", "came-and-went-approver");
            });
  }

  @Test
  void eventsOfARunThatHadAlreadyEndedTellNobodyAgain() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("came-and-went-3");
    projection.apply(
        List.of(
            run.started(),
            run.approvalRequested(2, ApprovalType.ALL, "late-a", "late-b"),
            run.failed(FailureReason.STEP_ERROR, 2, "step broke")));
    assertThat(changesOf(run.executionId)).hasSize(1);

    // An approver's answer recorded after the run had ended changes the tally, not the run's end.
    projection.apply(List.of(run.responded("late-a", Decision.APPROVE)));

    assertThat(changesOf(run.executionId)).hasSize(1);
  }
}
