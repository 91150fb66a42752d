package dev.pilot.dashboard.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.PilotEvent;
import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.ExecutionScenario;
import dev.pilot.dashboard.running.Run;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A rebuild's fold writes with {@code COPY} what the live fold writes row by row, including text
 * that needs escaping, and a replay past its memory bound reads back what it wrote and goes on.
 */
class ReplayTest extends DashboardTest {

  @Autowired Projection projection;
  @Autowired ExecutionStates states;

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
  void aReplayPastItsBoundGivesTheRowsOfOneFoldInMemory() {
    ExecutionScenario awkward =
        ExecutionScenario.withSteps(
            "alice",
            List.of(
                new dev.pilot.contracts.PilotStepSummary(
                    "step-1",
                    "Tab\there, \"quotes\", back\\slash,\nnew line {braces}",
                    dev.pilot.contracts.StepType.ACTION),
                new dev.pilot.contracts.PilotStepSummary(
                    "step-2", "Sign-off", dev.pilot.contracts.StepType.APPROVAL)));
    ExecutionScenario other = ExecutionScenario.scheduled("bob", "Nightly \\N export");
    List<PilotEvent> first =
        List.of(
            awkward.started(),
            awkward.stepCompleted(0),
            awkward.approvalRequested(1, ApprovalType.ALL, "carol", "o\"brien"),
            awkward.responded("carol", Decision.APPROVE));
    List<PilotEvent> second =
        List.of(
            other.started(), awkward.responded("o\"brien", Decision.APPROVE), other.stepStarted(0));

    // A bound of one execution: the first chunk is written, the second reads it back.
    Replay replay = projection.newReplay(1);
    replay.fold(first);
    assertThat(replay.full()).isTrue();
    projection.write(replay);
    replay.fold(second);
    projection.write(replay);

    List<PilotEvent> all = new ArrayList<>(first);
    all.addAll(second);
    Folded awkwardFolded =
        Folded.of(
            awkward.executionId,
            all.stream().filter(e -> e.executionId().equals(awkward.executionId)).toList());
    Folded otherFolded =
        Folded.of(
            other.executionId,
            all.stream().filter(e -> e.executionId().equals(other.executionId)).toList());
    var stored = states.load(List.of(awkward.executionId, other.executionId));
    assertThat(comparable(stored.get(awkward.executionId)))
        .isEqualTo(comparable(awkwardFolded.state()));
    assertThat(stored.get(awkward.executionId).registers())
        .isEqualTo(awkwardFolded.state().registers());
    assertThat(comparable(stored.get(other.executionId)))
        .isEqualTo(comparable(otherFolded.state()));
    assertThat(states.tallies(List.of(awkward.approvalId())))
        .containsEntry(awkward.approvalId(), awkwardFolded.tally());
    assertThat(
            jdbc.sql("select viewers from executions where execution_id = :id")
                .param("id", awkward.executionId)
                .query((rs, n) -> List.of((String[]) rs.getArray(1).getArray()))
                .single())
        .containsExactlyInAnyOrderElementsOf(awkwardFolded.viewers());
  }
}
