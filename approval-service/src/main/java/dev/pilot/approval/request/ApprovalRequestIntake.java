package dev.pilot.approval.request;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.contracts.execution.ExecutionCancelled;
import dev.pilot.contracts.execution.ExecutionEvent;
import dev.pilot.contracts.execution.ExecutionFailed;
import dev.pilot.platform.events.MalformedEventException;
import dev.pilot.platform.inbox.Inbox;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Applies the execution events this service cares about, each exactly once. */
@Service
class ApprovalRequestIntake {

  static final String CONSUMER = "executionEvents";
  private static final Logger log = LoggerFactory.getLogger(ApprovalRequestIntake.class);

  private final Inbox inbox;
  private final Approvals approvals;
  private final ApprovalResolver resolver;

  ApprovalRequestIntake(Inbox inbox, Approvals approvals, ApprovalResolver resolver) {
    this.inbox = inbox;
    this.approvals = approvals;
    this.resolver = resolver;
  }

  /** Whether the event opens or ends approvals; the rest of an execution's life does not. */
  static boolean concerns(ExecutionEvent event) {
    return event instanceof ApprovalRequested
        || event instanceof ExecutionCancelled
        || event instanceof ExecutionFailed;
  }

  @Transactional
  public void apply(ExecutionEvent event) {
    if (!inbox.firstDelivery(CONSUMER, event.eventId())) {
      return;
    }
    if (event instanceof ApprovalRequested requested) {
      open(requested);
    } else if (event instanceof ExecutionCancelled || event instanceof ExecutionFailed) {
      cancelPendingOf(event.executionId());
    }
  }

  private void open(ApprovalRequested requested) {
    List<String> approvers = approversOf(requested);
    if (approvals.create(requested, approvers)) {
      log.info(
          "Approval {} of execution {} opened for {}",
          requested.approvalId(),
          requested.executionId(),
          approvers);
    }
  }

  private void cancelPendingOf(UUID executionId) {
    for (Approval approval : approvals.lockPendingOf(executionId)) {
      resolver.resolve(approval, ApprovalOutcome.CANCELLED);
    }
  }

  /**
   * The approvers who may answer, once each, in the order named. When self-approval is prevented
   * the owner is not counted: an {@code all} approval would otherwise wait for an answer that can
   * never come. An owner who is the only approver stays listed (and still may not answer), so the
   * approval times out visibly instead of disappearing.
   */
  private static List<String> approversOf(ApprovalRequested requested) {
    if (requested.approvalId() == null
        || requested.approvalType() == null
        || requested.stepId() == null) {
      throw new MalformedEventException(
          "ApprovalRequested needs approval_id, approval_type and step_id", null);
    }
    List<String> named =
        requested.approvers() == null
            ? List.of()
            : requested.approvers().stream()
                .filter(Objects::nonNull)
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .distinct()
                .toList();
    if (named.isEmpty()) {
      throw new MalformedEventException("ApprovalRequested names no approver", null);
    }
    if (!requested.preventSelfApproval() || requested.owner() == null) {
      return named;
    }
    List<String> others = named.stream().filter(name -> !name.equals(requested.owner())).toList();
    return others.isEmpty() ? named : others;
  }
}
