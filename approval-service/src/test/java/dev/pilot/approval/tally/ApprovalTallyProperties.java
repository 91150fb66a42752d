package dev.pilot.approval.tally;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the tally under any approval type, any number of approvers and any order of
 * answers, replayed the way the service applies them: count an answer, and resolve when the tally
 * first decides.
 */
class ApprovalTallyProperties {

  record Scenario(ApprovalType type, int approvers, List<Decision> answers) {}

  @Property(tries = 2000)
  void anOutcomeOnceReachedNeverChangesAndIsEmittedOnce(@ForAll("scenarios") Scenario scenario) {
    ApprovalTally tally = ApprovalTally.empty(scenario.type(), scenario.approvers());
    List<TallyOutcome> emitted = new ArrayList<>();
    TallyOutcome reached = TallyOutcome.PENDING;
    for (Decision answer : scenario.answers()) {
      TallyOutcome before = tally.outcome();
      tally = tally.with(answer);
      TallyOutcome after = tally.outcome();
      if (before.isDecided()) {
        assertThat(after).as("decided outcome stays after %s", answer).isEqualTo(before);
      } else if (after.isDecided()) {
        emitted.add(after);
        reached = after;
      }
    }
    assertThat(tally.outcome()).isEqualTo(reached);
    assertThat(emitted).hasSizeLessThanOrEqualTo(1);
    if (scenario.answers().size() == scenario.approvers()) {
      assertThat(emitted).as("everyone answered: decided exactly once").hasSize(1);
    }
  }

  @Property(tries = 1000)
  void neverApprovedAndRejectedAtOnce(@ForAll("scenarios") Scenario scenario) {
    ApprovalTally tally = ApprovalTally.empty(scenario.type(), scenario.approvers());
    for (Decision answer : scenario.answers()) {
      tally = tally.with(answer);
      boolean enoughApprovals = tally.approvals() >= tally.requiredApprovals();
      assertThat(enoughApprovals).isEqualTo(tally.outcome() == TallyOutcome.APPROVED);
    }
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<ApprovalType> types = Arbitraries.of(ApprovalType.class);
    Arbitrary<Integer> sizes = Arbitraries.integers().between(1, 25);
    return Combinators.combine(types, sizes)
        .flatAs(
            (type, n) ->
                Arbitraries.of(Decision.class)
                    .list()
                    .ofMinSize(0)
                    .ofMaxSize(n)
                    .map(answers -> new Scenario(type, n, answers)));
  }
}
