package dev.pilot.execution.execution;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The workers' transactions, each short: claim runnable executions (and start their next attempt),
 * then record each attempt's outcome. An outcome commits only while the worker still holds the
 * lease of a running execution, so a step completed once never completes again.
 */
@Component
class StepTransitions {

  private final Executions executions;
  private final ExecutionProperties properties;
  private final Clock clock;

  StepTransitions(Executions executions, ExecutionProperties properties, Clock clock) {
    this.executions = executions;
    this.properties = properties;
    this.clock = clock;
  }

  @Transactional
  List<Execution> claim(String owner, int limit) {
    Instant now = clock.instant();
    List<Execution> claimed = executions.lockRunnable(now, limit);
    for (Execution e : claimed) {
      e.claimed(owner, UUID.randomUUID(), now.plus(properties.lease()), now);
    }
    executions.saveClaimed(claimed);
    return claimed;
  }

  /**
   * Records the step's success. Returns the execution to go on with, or empty when the run is no
   * longer this worker's (cancelled, or its lease taken over after expiring).
   */
  @Transactional
  Optional<Execution> succeeded(Execution e) {
    return record(e, (run, now) -> run.stepSucceeded(now));
  }

  @Transactional
  Optional<Execution> failed(Execution e, String error) {
    return record(e, (run, now) -> run.attemptFailed(error, now));
  }

  /**
   * Usually one guarded update: nobody else touches a running execution whose lease this worker
   * holds, unless they pause or cancel it. If the guard fails, the row is read again under lock and
   * the outcome applied to what is really there. The lease itself is kept by the renewer, not by
   * each transition.
   */
  private Optional<Execution> record(Execution e, BiConsumer<Execution, Instant> outcome) {
    Instant now = clock.instant();
    UUID token = e.leaseToken;
    outcome.accept(e, now);
    if (executions.saveIfUndisturbed(e, token)) {
      return Optional.of(e);
    }
    Optional<Execution> current = executions.lock(e.id).filter(run -> run.heldBy(token));
    current.ifPresent(
        run -> {
          run.extendLease(now.plus(properties.lease()));
          outcome.accept(run, now);
          executions.save(run);
        });
    return current;
  }
}
