package dev.pilot.approval.response;

import dev.pilot.approval.request.Approval;
import dev.pilot.approval.request.ApprovalStages;
import dev.pilot.contracts.Decision;
import dev.pilot.platform.web.ConflictException;
import dev.pilot.platform.web.ForbiddenException;
import dev.pilot.platform.web.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * One decision for many approvals. Each is recorded in a transaction of its own, so one refused
 * approval does not spoil the others.
 */
@Component
class BulkResponses {

  private final ApprovalResponses responses;

  private final ApprovalStages stages;

  BulkResponses(ApprovalResponses responses, ApprovalStages stages) {
    this.stages = stages;
    this.responses = responses;
  }

  /** The outcome for each requested id, in the order given. */
  record Outcomes(List<BulkOutcome> results) {}

  Outcomes respond(String approver, List<UUID> ids, Decision decision, String comment) {
    List<BulkOutcome> outcomes = new ArrayList<>();
    for (UUID id : ids) {
      outcomes.add(respond(approver, id, decision, comment));
    }
    return new Outcomes(outcomes);
  }

  private BulkOutcome respond(String approver, UUID id, Decision decision, String comment) {
    try {
      Approval recorded = responses.record(id, approver, decision, comment);
      ApprovalView answered = ApprovalView.of(recorded, stages.of(recorded));
      return new BulkOutcome(id, BulkOutcome.Result.ANSWERED, "Recorded", answered);
    } catch (NotFoundException e) {
      return new BulkOutcome(id, BulkOutcome.Result.NOT_FOUND, e.getMessage(), null);
    } catch (ForbiddenException e) {
      return new BulkOutcome(id, BulkOutcome.Result.FORBIDDEN, e.getMessage(), null);
    } catch (ConflictException e) {
      return new BulkOutcome(id, BulkOutcome.Result.CONFLICT, e.getMessage(), null);
    }
  }
}
