package dev.pilot.execution.execution;

import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.execution.execution.model.AwaitedApproval;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Applies an approval's outcome to the execution waiting on it. */
@Service
public class ApprovalResolutions {

  private final Executions executions;
  private final ExecutionData data;
  private final Clock clock;

  ApprovalResolutions(Executions executions, ExecutionData data, Clock clock) {
    this.executions = executions;
    this.data = data;
    this.clock = clock;
  }

  /** Runs in the consumer's transaction, after its inbox check. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void apply(ApprovalResolved resolution) {
    executions
        .lock(resolution.executionId())
        .ifPresent(
            e -> {
              AwaitedApproval awaited = e.awaitedApproval();
              if (awaited != null && awaited.approvalId().equals(resolution.approvalId())) {
                // the approval step's output, so later steps act on exactly what was approved
                data.saveOutput(e.id(), resolution.stepId(), ApprovalOutput.of(resolution));
              }
              executions.save(e, e.approvalResolved(resolution, clock.instant()));
            });
  }
}
