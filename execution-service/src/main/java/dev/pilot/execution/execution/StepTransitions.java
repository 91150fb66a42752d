package dev.pilot.execution.execution;

import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.execution.execution.model.Execution;
import dev.pilot.execution.execution.model.Transition;
import dev.pilot.platform.tracing.Traces;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The workers' transactions, each short: claim runnable executions (and start their next attempt),
 * then record each attempt's outcome. An outcome commits only while the worker still holds the
 * lease of a running execution, so a step completed once never completes again.
 */
@Component
class StepTransitions {

  private final Executions executions;
  private final RunDataApprovals approvals;
  private final ExecutionProperties properties;
  private final Clock clock;
  private final TransactionTemplate transactions;
  private final Traces traces;

  StepTransitions(
      Executions executions,
      RunDataApprovals approvals,
      ExecutionProperties properties,
      Clock clock,
      TransactionTemplate transactions,
      Traces traces) {
    this.traces = traces;
    this.executions = executions;
    this.approvals = approvals;
    this.properties = properties;
    this.clock = clock;
    this.transactions = transactions;
  }

  /** Whether any execution is runnable now (what {@link #claim} would find, unlocked). */
  boolean anyRunnable() {
    return executions.anyRunnable(clock.instant());
  }

  @Transactional
  List<Execution> claim(String owner, int limit) {
    Instant now = clock.instant();
    List<Execution> claimed = executions.lockRunnable(now, limit);
    List<ExecutionEvent> started = new ArrayList<>();
    // Claims of many executions share one statement: each StepStarted carries its own run's trace.
    List<String> traceparents = traces.enabled() ? new ArrayList<>() : null;
    for (Execution e : claimed) {
      List<ExecutionEvent> events =
          e.claimed(owner, UUID.randomUUID(), now.plus(properties.lease()), now).events();
      started.addAll(events);
      if (traceparents != null) {
        events.forEach(event -> traceparents.add(e.plan().traceparent()));
      }
    }
    executions.saveClaimed(claimed, started, traceparents);
    return claimed;
  }

  /**
   * Records the step's success. Returns the execution to go on with, or empty when the run is no
   * longer this worker's (cancelled, or its lease taken over after expiring).
   */
  Optional<Execution> succeeded(Execution e, StepOutput output) {
    if (output == null) {
      return record(e, Execution::stepSucceeded, null);
    }
    // The next step may be an approval whose proposal refers to this output.
    return record(
        e,
        (run, now) ->
            run.resolvingApprovalsWith(approvals.fromStoredDataAnd(output)).stepSucceeded(now),
        output);
  }

  Optional<Execution> failed(Execution e, String error) {
    return record(e, (run, now) -> run.attemptFailed(error, now), null);
  }

  /** Sets the step's durable timer: the run waits {@code wait} in the queue, unleased. */
  Optional<Execution> waiting(Execution e, Duration wait) {
    return record(e, (run, now) -> run.waitUntil(now.plus(wait), now), null);
  }

  /**
   * Usually one guarded statement, committed on its own (one statement is one transaction: the row,
   * the finished step and the events commit together or not at all): nobody else touches a running
   * execution whose lease this worker holds, unless they pause or cancel it. If the guard fails,
   * the row is read again under lock and the outcome applied to what is really there, in one
   * transaction. The lease itself is kept by the renewer, not by each transition.
   */
  private Optional<Execution> record(
      Execution e, BiFunction<Execution, Instant, Transition> outcome, StepOutput output) {
    Instant now = clock.instant();
    UUID token = e.queue().leaseToken();
    Transition transition = outcome.apply(e, now);
    if (executions.saveIfUndisturbed(e, transition, token, output)) {
      return Optional.of(e);
    }
    return transactions.execute(
        tx -> {
          Optional<Execution> current = executions.lock(e.id()).filter(run -> run.heldBy(token));
          current.ifPresent(
              run -> {
                run.extendLease(now.plus(properties.lease()));
                executions.save(run, outcome.apply(run, now), output);
              });
          return current;
        });
  }
}
