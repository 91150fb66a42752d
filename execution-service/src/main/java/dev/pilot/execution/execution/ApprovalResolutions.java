package dev.pilot.execution.execution;

import dev.pilot.contracts.approval.ApprovalResolved;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Applies an approval's outcome to the execution waiting on it. */
@Service
public class ApprovalResolutions {

  private final Executions executions;
  private final Clock clock;

  ApprovalResolutions(Executions executions, Clock clock) {
    this.executions = executions;
    this.clock = clock;
  }

  /** Runs in the consumer's transaction, after its inbox check. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void apply(ApprovalResolved resolution) {
    executions
        .lock(resolution.executionId())
        .ifPresent(e -> executions.save(e, e.approvalResolved(resolution, clock.instant())));
  }
}
