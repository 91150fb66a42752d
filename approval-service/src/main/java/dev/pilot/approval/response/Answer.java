package dev.pilot.approval.response;

import dev.pilot.approval.request.Approval;
import dev.pilot.contracts.Decision;
import dev.pilot.platform.json.JsonSchemas;
import dev.pilot.platform.web.InvalidRequestException;
import dev.pilot.platform.web.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One approver's answer: the decision, an optional comment, the proposal revision it answers (when
 * named, it must be the current one) and, for an approval of an amended proposal, the amendment.
 */
record Answer(Decision decision, String comment, Integer revision, JsonNode proposal) {

  /**
   * The largest amended proposal accepted, as compact JSON: it travels in ApprovalResolved, which
   * must stay well below Kafka's 1 MiB record size (see contracts/README).
   */
  static final int MAX_PROPOSAL_BYTES = 64 * 1024;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Whether the answer changes the proposal (an unchanged copy is a plain approval). */
  boolean amends(Approval approval) {
    return proposal != null && !proposal.equals(approval.proposal());
  }

  /** Throws 400 naming the field when the amendment may not be made. */
  void refuseIfNotAnAmendmentOf(Approval approval) {
    if (proposal == null) {
      return;
    }
    if (!approval.hasProposal() || !approval.editable()) {
      throw InvalidRequestException.of("proposal", "this approval's proposal is not editable");
    }
    if (decision != Decision.APPROVE) {
      throw InvalidRequestException.of(
          "proposal", "only an approval may amend the proposal (decision approve)");
    }
    if (JSON.writeValueAsString(proposal).getBytes(StandardCharsets.UTF_8).length
        > MAX_PROPOSAL_BYTES) {
      throw InvalidRequestException.of(
          "proposal", "must be at most " + MAX_PROPOSAL_BYTES + " bytes of JSON");
    }
    if (approval.proposalSchema() != null) {
      List<Violation> broken =
          JsonSchemas.violations("proposal", approval.proposalSchema(), proposal);
      if (!broken.isEmpty()) {
        throw new InvalidRequestException(broken);
      }
    }
  }
}
