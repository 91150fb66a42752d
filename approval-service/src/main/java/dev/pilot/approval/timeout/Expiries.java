package dev.pilot.approval.timeout;

import dev.pilot.approval.request.Approval;
import dev.pilot.approval.request.ApprovalResolver;
import dev.pilot.approval.request.Approvals;
import dev.pilot.platform.logging.LogContext;
import dev.pilot.platform.tracing.TraceScope;
import dev.pilot.platform.tracing.Traces;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Resolves one batch of expired approvals in one transaction, each as its on_timeout says. */
@Service
class Expiries {

  private final Approvals approvals;
  private final ApprovalResolver resolver;
  private final Clock clock;
  private final Traces traces;

  Expiries(Approvals approvals, ApprovalResolver resolver, Clock clock, Traces traces) {
    this.traces = traces;
    this.approvals = approvals;
    this.resolver = resolver;
    this.clock = clock;
  }

  /** How many approvals this call timed out. */
  @Transactional
  public int expireDue(int batchSize) {
    int expired = 0;
    for (Approval approval : approvals.claimExpired(clock.instant(), batchSize)) {
      // The timeout belongs to the execution's trace, like an answer would.
      try (LogContext logs =
              LogContext.empty()
                  .with(LogContext.EXECUTION_ID, approval.executionId())
                  .with(LogContext.APPROVAL_ID, approval.approvalId());
          TraceScope span =
              traces.continueTrace(
                  () -> approvals.traceparentOf(approval.approvalId()), "approval timeout")) {
        if (resolver.expire(approval).isPresent()) {
          expired++;
        }
      }
    }
    return expired;
  }
}
