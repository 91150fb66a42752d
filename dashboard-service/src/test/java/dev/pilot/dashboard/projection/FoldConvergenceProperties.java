package dev.pilot.dashboard.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.FailureReason;
import dev.pilot.contracts.PilotEvent;
import dev.pilot.dashboard.ExecutionScenario;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever order a run's events are delivered in, with any of them delivered again, the card (and
 * who sees it) is the one their production order gives: execution and approval events interleave
 * arbitrarily (two topics), and after a broker restart later events may come before earlier ones.
 */
class FoldConvergenceProperties {

  /**
   * A run as the engine would produce it: {@code steps} steps, an approval at {@code approvalAt}
   * (or none) that is approved or rejected, a pause at step {@code pauseAt} (or none), the action
   * at {@code failAt} failing (or none), cut after {@code cut} events (a run still underway).
   */
  record Shape(
      int steps,
      int approvalAt,
      boolean approved,
      int pauseAt,
      int failAt,
      boolean cancel,
      int cut) {}

  /** The run's events in production order, and one delivery of them. */
  record Delivery(Shape shape, List<PilotEvent> produced, List<PilotEvent> delivered) {}

  @Property(tries = 1000)
  void anyDeliveryOrderConvergesToTheSameCard(@ForAll("deliveries") Delivery delivery) {
    Folded inOrder = Folded.of(delivery.produced().get(0).executionId(), delivery.produced());
    Folded shuffled = Folded.of(delivery.produced().get(0).executionId(), delivery.delivered());

    assertThat(shuffled.card()).as("card of %s", delivery.shape()).isEqualTo(inOrder.card());
    assertThat(shuffled.viewers()).isEqualTo(inOrder.viewers());
    assertThat(shuffled.state().run()).isEqualTo(inOrder.state().run());
  }

  @Provide
  Arbitrary<Delivery> deliveries() {
    Arbitrary<Shape> shapes =
        Arbitraries.integers()
            .between(1, 6)
            .flatMap(
                steps ->
                    Combinators.combine(
                            Arbitraries.integers().between(-1, steps - 1),
                            Arbitraries.of(true, false),
                            Arbitraries.integers().between(-1, steps - 1),
                            Arbitraries.integers().between(-1, steps - 1),
                            Arbitraries.of(true, false),
                            Arbitraries.integers().between(1, 40))
                        .as(
                            (approvalAt, approved, pauseAt, failAt, cancel, cut) ->
                                new Shape(
                                    steps, approvalAt, approved, pauseAt, failAt, cancel, cut)));
    return shapes.flatMap(
        shape -> {
          List<PilotEvent> produced = produce(shape);
          Arbitrary<List<PilotEvent>> again = Arbitraries.of(produced).list().ofMaxSize(4);
          return again.flatMap(
              duplicates -> {
                List<PilotEvent> all = new ArrayList<>(produced);
                all.addAll(duplicates);
                return Arbitraries.shuffle(all).map(d -> new Delivery(shape, produced, d));
              });
        });
  }

  private static List<PilotEvent> produce(Shape shape) {
    ExecutionScenario run =
        ExecutionScenario.withSteps(
            "alice", ExecutionScenario.stepsWithApprovalAt(shape.steps(), shape.approvalAt()));
    List<PilotEvent> events = new ArrayList<>();
    events.add(run.started());
    boolean ended = false;
    for (int i = 0; i < shape.steps() && !ended; i++) {
      String stepId = run.steps.get(i).id();
      if (i == shape.approvalAt()) {
        events.add(run.approvalRequested(i, ApprovalType.MAJORITY, "bob", "carol", "dave"));
        if (i == shape.pauseAt()) {
          events.add(run.paused(stepId));
          events.add(run.resumed());
        }
        Decision decision = shape.approved() ? Decision.APPROVE : Decision.REJECT;
        events.add(run.responded("bob", decision));
        events.add(run.responded("carol", decision));
        events.add(
            run.resolved(
                shape.approved() ? ApprovalOutcome.APPROVED : ApprovalOutcome.REJECTED, stepId));
        if (!shape.approved()) {
          events.add(run.failed(FailureReason.REJECTED, i, null));
          ended = true;
          continue;
        }
        events.add(run.stepCompleted(i));
        continue;
      }
      if (i == shape.pauseAt()) {
        events.add(run.paused(stepId));
        events.add(run.resumed());
      }
      events.add(run.stepStarted(i));
      if (i == shape.failAt()) {
        events.add(run.failed(FailureReason.STEP_ERROR, i, "boom"));
        ended = true;
        continue;
      }
      events.add(run.stepCompleted(i));
    }
    if (!ended) {
      events.add(shape.cancel() ? run.cancelled() : run.completed());
    }
    return List.copyOf(events.subList(0, Math.min(shape.cut(), events.size())));
  }
}
