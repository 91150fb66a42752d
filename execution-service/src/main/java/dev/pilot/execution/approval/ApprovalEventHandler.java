package dev.pilot.execution.approval;

import dev.pilot.contracts.approval.ApprovalEvent;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.execution.execution.ApprovalResolutions;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Applies each ApprovalResolved once, in one transaction with its inbox row. */
@Component
class ApprovalEventHandler {

  static final String CONSUMER = "execution-service.approval-events";

  private final ApprovalResolutions resolutions;

  ApprovalEventHandler(ApprovalResolutions resolutions) {
    this.resolutions = resolutions;
  }

  @Transactional
  public void on(ApprovalEvent event) {
    // ApprovalResponseRecorded only reports progress; the outcome is what moves a run.
    if (event instanceof ApprovalResolved resolved) {
      resolutions.applyOnce(CONSUMER, resolved);
    }
  }
}
