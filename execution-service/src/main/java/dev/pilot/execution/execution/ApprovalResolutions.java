package dev.pilot.execution.execution;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.execution.execution.model.AwaitedApproval;
import dev.pilot.execution.execution.model.Execution;
import dev.pilot.execution.execution.model.Transition;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies an approval's outcome to the execution waiting on it, and only then: anyone who can write
 * to approval-events could otherwise move a run with ids read from execution-events. A resolution
 * that does not match an approval this service requested (its id, step and execution, the run still
 * waiting on it) changes nothing, and is logged and counted in {@code pilot.approvals.ignored}.
 */
@Service
public class ApprovalResolutions {

  static final String IGNORED = "pilot.approvals.ignored";
  private static final Logger log = LoggerFactory.getLogger(ApprovalResolutions.class);

  private final Executions executions;
  private final Clock clock;
  private final MeterRegistry metrics;
  private final ExecutionWorkers workers;

  ApprovalResolutions(
      Executions executions, Clock clock, MeterRegistry metrics, ExecutionWorkers workers) {
    this.workers = workers;
    this.executions = executions;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** A run waiting for people: which approval, since when. */
  public record Awaiting(UUID executionId, UUID approvalId, Instant requestedAt) {}

  /** Runs waiting for an approval requested before {@code before}, oldest first. */
  public List<Awaiting> awaitingSince(Instant before, int limit) {
    return executions.awaitingApprovalSince(before, limit);
  }

  /**
   * Applies the resolution unless {@code consumer} has seen it before: the inbox row and the run's
   * row lock are one statement, in the consumer's transaction.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void applyOnce(String consumer, ApprovalResolved resolution) {
    executions
        .lockOnFirstDelivery(consumer, resolution.eventId(), resolution.executionId())
        .ifPresent(found -> apply(found, resolution));
  }

  private void apply(Optional<Execution> found, ApprovalResolved resolution) {
    if (found.isEmpty()) {
      ignore(resolution, "unknown_execution", "no such execution");
      return;
    }
    Execution execution = found.get();
    if (execution.awaitedApproval() == null && resolution.outcome() == ApprovalOutcome.CANCELLED) {
      return; // the echo of this service's own cancel: expected, nothing to apply
    }
    Optional<String> mismatch = mismatch(execution, resolution);
    if (mismatch.isPresent()) {
      ignore(resolution, "not_awaited", mismatch.get());
      return;
    }
    Instant now = clock.instant();
    Transition resolved = execution.approvalResolved(resolution, now);
    // The person is waiting for the next step: a free worker here takes the run in this same
    // commit rather than after a wake-up and a claim of its own.
    Transition transition = workers.thenClaimedHere(execution, resolved, now);
    // the approval step's output, so later steps act on exactly what was approved: written by the
    // transition's own statement
    executions.save(
        execution, transition, new StepOutput(resolution.stepId(), ApprovalOutput.of(resolution)));
  }

  private static Optional<String> mismatch(Execution execution, ApprovalResolved resolution) {
    AwaitedApproval awaited = execution.awaitedApproval();
    if (awaited == null) {
      return Optional.of("the run (" + execution.status() + ") waits on no approval");
    }
    if (!awaited.approvalId().equals(resolution.approvalId())) {
      return Optional.of("the run waits on approval " + awaited.approvalId());
    }
    if (!String.valueOf(resolution.stepId()).equals(execution.currentStepId())) {
      return Optional.of(
          "it names step "
              + resolution.stepId()
              + ", the run waits at "
              + execution.currentStepId());
    }
    if (awaited.pending() != null) {
      return Optional.of("an outcome of this approval is already kept for the paused run");
    }
    return Optional.empty();
  }

  private void ignore(ApprovalResolved resolution, String reason, String why) {
    metrics.counter(IGNORED, "reason", reason).increment();
    log.warn(
        "Ignored ApprovalResolved {} (approval {}, step {}, execution {}): {}",
        resolution.eventId(),
        resolution.approvalId(),
        resolution.stepId(),
        resolution.executionId(),
        why);
  }
}
