package dev.pilot.dashboard.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.FailureReason;
import dev.pilot.contracts.PilotEvent;
import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.ExecutionScenario;
import dev.pilot.dashboard.running.Run;
import dev.pilot.dashboard.running.RunningExecutions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The read model's statements on real PostgreSQL: every column written and read back by name. */
class ExecutionStatesTest extends DashboardTest {

  @Autowired ExecutionStates states;
  @Autowired RunningExecutions cards;
  @Autowired Projection projection;
  @Autowired JsonMapper json;

  private static Run comparable(ExecutionState state) {
    Run run = state.run();
    return new Run(
        run.executionId(),
        run.agent(),
        run.status(),
        run.progress(),
        run.timing(),
        run.approval(),
        run.failure(),
        null);
  }

  @Test
  void aStateKeepsEveryColumnAndRegisterThroughTheDatabase() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    List<PilotEvent> events =
        List.of(
            run.started(),
            run.stepStarted(0),
            run.stepCompleted(0),
            run.approvalRequested(2, ApprovalType.MAJORITY, "bob", "carol", "dave"),
            run.paused("step-3"),
            run.resumed());
    ExecutionState folded = Folded.of(run.executionId, events).state();

    states.lock(List.of(run.executionId));
    states.save(List.of(folded), Map.of(run.executionId, Set.of("alice", "bob")));
    ExecutionState loaded = states.load(List.of(run.executionId)).get(run.executionId);

    assertThat(comparable(loaded)).isEqualTo(comparable(folded));
    assertThat(loaded.registers()).isEqualTo(folded.registers());
    assertThat(loaded.registers().resumed()).isTrue();
    assertThat(
            jdbc.sql("select viewers from executions where execution_id = :id")
                .param("id", run.executionId)
                .query((rs, n) -> List.of((String[]) rs.getArray(1).getArray()))
                .single())
        .containsExactlyInAnyOrder("alice", "bob");
    // Folding on from the stored state gives what folding on in memory gives.
    PilotEvent failed = run.failed(FailureReason.REJECTED, 2, null);
    assertThat(comparable(loaded.apply((dev.pilot.contracts.execution.ExecutionEvent) failed)))
        .isEqualTo(comparable(folded.apply((dev.pilot.contracts.execution.ExecutionEvent) failed)));
  }

  @Test
  void anUpsertInsertsARowThatDoesNotExistYetAndReplacesOneThatDoes() {
    ExecutionScenario run = ExecutionScenario.scheduled("erin", "Nightly export");
    ExecutionState started = Folded.of(run.executionId, List.of(run.started())).state();
    ExecutionState done =
        Folded.of(run.executionId, List.of(run.started(), run.stepStarted(0), run.completed()))
            .state();

    ExecutionScenario other = ExecutionScenario.scheduled("erin", "Weekly export");
    ExecutionState otherStarted = Folded.of(other.executionId, List.of(other.started())).state();

    states.save(List.of(started), Map.of(run.executionId, Set.of("erin")));
    assertThat(comparable(states.load(List.of(run.executionId)).get(run.executionId)))
        .isEqualTo(comparable(started));
    // One write (one statement) replacing a stored row and inserting a new one.
    states.save(
        List.of(done, otherStarted),
        Map.of(run.executionId, Set.<String>of(), other.executionId, Set.of("erin")));

    Map<UUID, ExecutionState> loaded = states.load(List.of(run.executionId, other.executionId));
    assertThat(comparable(loaded.get(run.executionId))).isEqualTo(comparable(done));
    assertThat(loaded.get(run.executionId).run().timing().durationMs()).isEqualTo(5_000L);
    assertThat(comparable(loaded.get(other.executionId))).isEqualTo(comparable(otherStarted));
  }

  @Test
  void aWriteOfMoreRowsThanOneStatementHoldsKeepsEachRowWithItsOwnValues() {
    List<ExecutionState> many = new java.util.ArrayList<>();
    Map<UUID, Set<String>> viewers = new java.util.HashMap<>();
    for (int i = 0; i <= MultiRow.MAX_ROWS; i++) {
      ExecutionScenario run = ExecutionScenario.scheduled("owner-" + i, "Export " + i);
      many.add(Folded.of(run.executionId, List.of(run.started(), run.stepStarted(0))).state());
      viewers.put(run.executionId, Set.of("owner-" + i));
    }

    states.save(many, viewers);

    Map<UUID, ExecutionState> loaded =
        states.load(many.stream().map(ExecutionState::executionId).toList());
    assertThat(loaded).hasSize(MultiRow.MAX_ROWS + 1);
    for (ExecutionState written : many) {
      assertThat(comparable(loaded.get(written.executionId()))).isEqualTo(comparable(written));
      assertThat(loaded.get(written.executionId()).registers()).isEqualTo(written.registers());
    }
  }

  @Test
  void lockingReturnsStoredRowsAsTheyAreAndCreatesMissingOnesEmpty() {
    ExecutionScenario run = ExecutionScenario.scheduled("erin", "Nightly export");
    ExecutionState started = Folded.of(run.executionId, List.of(run.started())).state();
    states.save(List.of(started), Map.of(run.executionId, Set.of("erin")));
    UUID unknown = UUID.randomUUID();

    // The same id twice, as a caller might pass it: one statement, each row once.
    Map<UUID, ExecutionState> locked = states.lock(List.of(unknown, run.executionId, unknown));

    assertThat(locked).hasSize(2);
    assertThat(comparable(locked.get(run.executionId))).isEqualTo(comparable(started));
    assertThat(locked.get(run.executionId).registers()).isEqualTo(started.registers());
    assertThat(locked.get(unknown)).isEqualTo(ExecutionState.empty(unknown));
    assertThat(states.load(List.of(unknown)).get(unknown)).isEqualTo(ExecutionState.empty(unknown));
  }

  @Test
  void aBatchsFirstStatementLocksStoredRowsAsTheyAreWithoutRewritingThemAndSkipsEventsSeenBefore() {
    ExecutionScenario run = ExecutionScenario.scheduled("erin", "Nightly export");
    ExecutionState started = Folded.of(run.executionId, List.of(run.started())).state();
    states.save(List.of(started), Map.of(run.executionId, Set.of("erin")));
    String version = rowVersion(run.executionId);
    ExecutionScenario other = ExecutionScenario.scheduled("erin", "Weekly export");
    PilotEvent stepStarted = run.stepStarted(0);
    PilotEvent otherStarted = other.started();

    // The same event twice in a batch, as a redelivery within one poll could bring it.
    ExecutionStates.Fresh first =
        states.lockFresh("a-consumer", List.of(stepStarted, otherStarted, stepStarted));

    assertThat(first.eventIds())
        .containsExactlyInAnyOrder(stepStarted.eventId(), otherStarted.eventId());
    assertThat(first.rows()).containsOnlyKeys(run.executionId, other.executionId);
    assertThat(comparable(first.rows().get(run.executionId))).isEqualTo(comparable(started));
    assertThat(first.rows().get(run.executionId).registers()).isEqualTo(started.registers());
    assertThat(first.rows().get(other.executionId))
        .isEqualTo(ExecutionState.empty(other.executionId));
    // Locked, not rewritten: the stored row is the same version (an update would be a new one).
    assertThat(rowVersion(run.executionId)).isEqualTo(version);

    // Delivered again after its run left the read model: skipped, and no empty row comes back.
    jdbc.sql("delete from executions where execution_id = :id")
        .param("id", other.executionId)
        .update();
    ExecutionStates.Fresh again = states.lockFresh("a-consumer", List.of(otherStarted));

    assertThat(again.eventIds()).isEmpty();
    assertThat(again.rows()).isEmpty();
    assertThat(rowVersion(other.executionId)).isNull();
  }

  @Test
  void aChangeCarriesTheCardAsTheViewShowsItWithTheAverageOfARunCompletedInTheSameBatch() {
    // An owner no client of the shared context streams as.
    ExecutionScenario past = ExecutionScenario.scheduled("card-test", "Averaged agent");
    ExecutionScenario now = past.again();

    projection.apply(List.of(past.started(), now.started(), past.completed(3_000)));

    JsonNode change =
        json.readTree(
            jdbc.sql(
                    "select payload::text from changes where execution_id = :id"
                        + " order by id desc limit 1")
                .param("id", now.executionId)
                .query(String.class)
                .single());
    assertThat(change.path("average_duration_ms").asLong()).isEqualTo(3_000L);
    assertThat(change)
        .isEqualTo(
            json.readTree(json.writeValueAsString(cards.view(now.executionId).orElseThrow())));
  }

  private String rowVersion(UUID executionId) {
    return jdbc.sql("select xmin::text || ctid::text from executions where execution_id = :id")
        .param("id", executionId)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  @Test
  void aTallyKeepsItsCountsAnswerersOutcomeAndSequence() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    run.approvalRequested(2, ApprovalType.ALL, "bob", "carol");
    UUID approvalId = run.approvalId();
    ApprovalTally open =
        ApprovalTally.empty(approvalId, run.executionId)
            .apply(run.responded("bob", Decision.APPROVE));
    ApprovalTally resolved = open.apply(run.resolved(ApprovalOutcome.APPROVED, "step-3"));

    states.save(List.of(open));
    assertThat(states.tallies(List.of(approvalId))).containsEntry(approvalId, open);
    states.save(List.of(resolved));

    assertThat(states.tallies(List.of(approvalId))).containsEntry(approvalId, resolved);
    assertThat(resolved.isResolved()).isTrue();
    assertThat(resolved.outcome()).isEqualTo(ApprovalOutcome.APPROVED);
  }

  @Test
  void aStateNotStoredYetLoadsEmpty() {
    UUID unknown = UUID.randomUUID();

    assertThat(states.load(List.of(unknown)).get(unknown)).isEqualTo(ExecutionState.empty(unknown));
  }

  @Test
  void anAgentsEstimateIsTheMeanOfItsCompletedRunsHoweverTheirRowsAreWritten() {
    ExecutionScenario first = ExecutionScenario.scheduled("erin", "Estimated export");
    ExecutionScenario second = first.again();
    ExecutionScenario third = first.again();
    ExecutionScenario running = first.again();
    ExecutionState runningState =
        Folded.of(running.executionId, List.of(running.started())).state();
    states.save(List.of(runningState), Map.of(running.executionId, Set.of("erin")));
    assertThat(estimate(running)).isNull();

    // Upserts: a run saved while it runs, then saved again as completed.
    states.save(
        List.of(Folded.of(first.executionId, List.of(first.started())).state()),
        Map.of(first.executionId, Set.of("erin")));
    states.save(
        List.of(
            Folded.of(first.executionId, List.of(first.started(), first.completed(2_000))).state()),
        Map.of(first.executionId, Set.<String>of()));
    assertThat(estimate(running)).isEqualTo(2_000L);

    // A rebuild's COPY.
    ExecutionState secondDone =
        Folded.of(second.executionId, List.of(second.started(), second.completed(4_000))).state();
    states.copy(List.of(secondDone), Map.of(second.executionId, Set.<String>of()));
    assertThat(estimate(running)).isEqualTo(3_000L);

    // A completed run written again (a late approval event) still counts once; a failed one never.
    states.save(List.of(secondDone), Map.of(second.executionId, Set.<String>of()));
    states.save(
        List.of(
            Folded.of(
                    third.executionId,
                    List.of(third.started(), third.failed(FailureReason.STEP_ERROR, 0, "HTTP 500")))
                .state()),
        Map.of(third.executionId, Set.<String>of()));
    assertThat(estimate(running)).isEqualTo(3_000L);

    // Pruning a finished run takes it out of the mean.
    jdbc.sql("delete from executions where execution_id = :id")
        .param("id", first.executionId)
        .update();
    assertThat(estimate(running)).isEqualTo(4_000L);
  }

  private Long estimate(ExecutionScenario run) {
    return cards.view(run.executionId).orElseThrow().averageDurationMs();
  }
}
