package dev.pilot.execution.execution;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
      executions.save(e);
    }
    return claimed;
  }

  /** True when the step's success committed; false when the run is no longer this worker's. */
  @Transactional
  boolean succeeded(Execution e) {
    Instant now = clock.instant();
    if (!refresh(e)) {
      return false;
    }
    e.extendLease(now.plus(properties.lease()));
    e.stepSucceeded(now);
    executions.save(e);
    return true;
  }

  @Transactional
  boolean failed(Execution e, String error) {
    Instant now = clock.instant();
    if (!refresh(e)) {
      return false;
    }
    e.extendLease(now.plus(properties.lease()));
    e.attemptFailed(error, now);
    executions.save(e);
    return true;
  }

  /** Locks the row and takes over what others may have changed (a pause request, events). */
  private boolean refresh(Execution e) {
    Optional<Executions.Current> current = executions.lockCurrent(e.id);
    if (current.isEmpty()
        || current.get().status() != ExecutionStatus.RUNNING
        || !e.leaseToken.equals(current.get().leaseToken())) {
      e.status = current.map(Executions.Current::status).orElse(ExecutionStatus.CANCELLED);
      return false;
    }
    e.pauseRequestedBy = current.get().pauseRequestedBy();
    e.eventSequence = current.get().sequence();
    return true;
  }
}
