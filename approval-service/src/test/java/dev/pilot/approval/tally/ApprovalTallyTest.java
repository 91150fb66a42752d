package dev.pilot.approval.tally;

import static dev.pilot.approval.tally.TallyOutcome.APPROVED;
import static dev.pilot.approval.tally.TallyOutcome.PENDING;
import static dev.pilot.approval.tally.TallyOutcome.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ApprovalTallyTest {

  /** Every rule edge for n = 1…5: type, n, approvals, rejections, expected outcome. */
  @ParameterizedTest(name = "{0} n={1} a={2} r={3} -> {4}")
  @CsvSource({
    // any: approved at the first approval, rejected only when everyone rejected
    "ANY, 1, 0, 0, PENDING",
    "ANY, 1, 1, 0, APPROVED",
    "ANY, 1, 0, 1, REJECTED",
    "ANY, 2, 0, 1, PENDING",
    "ANY, 2, 1, 1, APPROVED",
    "ANY, 2, 0, 2, REJECTED",
    "ANY, 3, 0, 2, PENDING",
    "ANY, 3, 1, 2, APPROVED",
    "ANY, 3, 0, 3, REJECTED",
    "ANY, 4, 0, 3, PENDING",
    "ANY, 4, 0, 4, REJECTED",
    "ANY, 5, 0, 4, PENDING",
    "ANY, 5, 1, 0, APPROVED",
    "ANY, 5, 0, 5, REJECTED",
    // all: approved when everyone approved, rejected at the first rejection
    "ALL, 1, 0, 0, PENDING",
    "ALL, 1, 1, 0, APPROVED",
    "ALL, 1, 0, 1, REJECTED",
    "ALL, 2, 1, 0, PENDING",
    "ALL, 2, 2, 0, APPROVED",
    "ALL, 2, 1, 1, REJECTED",
    "ALL, 3, 2, 0, PENDING",
    "ALL, 3, 3, 0, APPROVED",
    "ALL, 3, 0, 1, REJECTED",
    "ALL, 4, 3, 0, PENDING",
    "ALL, 4, 4, 0, APPROVED",
    "ALL, 4, 3, 1, REJECTED",
    "ALL, 5, 4, 0, PENDING",
    "ALL, 5, 5, 0, APPROVED",
    "ALL, 5, 4, 1, REJECTED",
    // majority, odd n: more than half approve; rejected once a majority is out of reach
    "MAJORITY, 1, 0, 0, PENDING",
    "MAJORITY, 1, 1, 0, APPROVED",
    "MAJORITY, 1, 0, 1, REJECTED",
    "MAJORITY, 3, 1, 0, PENDING",
    "MAJORITY, 3, 2, 0, APPROVED",
    "MAJORITY, 3, 2, 1, APPROVED",
    "MAJORITY, 3, 1, 1, PENDING",
    "MAJORITY, 3, 0, 2, REJECTED",
    "MAJORITY, 3, 1, 2, REJECTED",
    "MAJORITY, 5, 2, 0, PENDING",
    "MAJORITY, 5, 3, 0, APPROVED",
    "MAJORITY, 5, 2, 2, PENDING",
    "MAJORITY, 5, 3, 2, APPROVED",
    "MAJORITY, 5, 0, 3, REJECTED",
    "MAJORITY, 5, 2, 3, REJECTED",
    // majority, even n: half is not a majority, and half rejecting already makes it unreachable
    "MAJORITY, 2, 1, 0, PENDING",
    "MAJORITY, 2, 2, 0, APPROVED",
    "MAJORITY, 2, 0, 1, REJECTED",
    "MAJORITY, 2, 1, 1, REJECTED",
    "MAJORITY, 4, 2, 0, PENDING",
    "MAJORITY, 4, 3, 0, APPROVED",
    "MAJORITY, 4, 2, 1, PENDING",
    "MAJORITY, 4, 0, 2, REJECTED",
    "MAJORITY, 4, 2, 2, REJECTED",
    "MAJORITY, 4, 3, 1, APPROVED",
  })
  void decidesAtEachRuleEdge(
      ApprovalType type, int n, int approvals, int rejections, TallyOutcome expected) {
    assertThat(new ApprovalTally(type, n, approvals, rejections).outcome()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} n={1}: needs {2}")
  @CsvSource({
    "ANY, 3, 1, 1 of 3 must approve",
    "ALL, 3, 3, 3 of 3 must approve",
    "MAJORITY, 1, 1, 1 of 1 must approve",
    "MAJORITY, 2, 2, 2 of 2 must approve",
    "MAJORITY, 3, 2, 2 of 3 must approve",
    "MAJORITY, 4, 3, 3 of 4 must approve",
    "MAJORITY, 5, 3, 3 of 5 must approve",
  })
  void describesWhatIsRequired(ApprovalType type, int n, int required, String description) {
    ApprovalTally tally = ApprovalTally.empty(type, n);
    assertThat(tally.requiredApprovals()).isEqualTo(required);
    assertThat(tally.requirement()).isEqualTo(description);
  }

  /**
   * Every order of every combination of answers for n = 1…5 agrees with the closed-form rule at
   * each step: the order of responses never matters, only the counts.
   */
  @ParameterizedTest(name = "{0} n={1}")
  @MethodSource("typesAndSizes")
  void outcomeDependsOnlyOnCountsWhateverTheOrderOfResponses(ApprovalType type, int n) {
    for (List<Decision> order : everySequence(n)) {
      ApprovalTally tally = ApprovalTally.empty(type, n);
      for (Decision decision : order) {
        tally = tally.with(decision);
        assertThat(tally.outcome())
            .as("%s after %s", type, order)
            .isEqualTo(expected(type, n, tally.approvals(), tally.rejections()));
      }
      assertThat(tally.outcome()).as("everyone answered %s", order).isNotEqualTo(PENDING);
    }
  }

  @Test
  void refusesMoreAnswersThanApprovers() {
    assertThatThrownBy(() -> new ApprovalTally(ApprovalType.ALL, 2, 2, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApprovalTally.empty(ApprovalType.ANY, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static Stream<Arguments> typesAndSizes() {
    return Stream.of(ApprovalType.values())
        .flatMap(type -> IntStream.rangeClosed(1, 5).mapToObj(n -> Arguments.of(type, n)));
  }

  /** The rules exactly as the issue states them, with real division. */
  private static TallyOutcome expected(ApprovalType type, int n, int a, int r) {
    return switch (type) {
      case ANY -> a >= 1 ? APPROVED : r == n ? REJECTED : PENDING;
      case ALL -> a == n ? APPROVED : r >= 1 ? REJECTED : PENDING;
      case MAJORITY -> a > n / 2.0 ? APPROVED : a + (n - a - r) <= n / 2.0 ? REJECTED : PENDING;
    };
  }

  /** All 2^n sequences of n decisions: with distinct approvers, every order of every answer set. */
  private static List<List<Decision>> everySequence(int n) {
    List<List<Decision>> sequences = new ArrayList<>();
    for (int bits = 0; bits < (1 << n); bits++) {
      List<Decision> sequence = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        sequence.add((bits & (1 << i)) != 0 ? Decision.APPROVE : Decision.REJECT);
      }
      sequences.add(sequence);
    }
    return sequences;
  }
}
