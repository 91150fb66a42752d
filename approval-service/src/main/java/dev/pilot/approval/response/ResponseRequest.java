package dev.pilot.approval.response;

import dev.pilot.contracts.Decision;
import dev.pilot.platform.web.Texts;
import dev.pilot.platform.web.Violation;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/approvals/{id}/responses}: {@code revision} names the proposal revision
 * answered (a stale one gets 409), {@code proposal} is an amended proposal to approve.
 */
record ResponseRequest(Decision decision, String comment, Integer revision, JsonNode proposal) {

  Answer answer() {
    return new Answer(
        decision, comment, revision, proposal == null || proposal.isNull() ? null : proposal);
  }

  static final int MAX_COMMENT_LENGTH = 2000;

  List<Violation> violations() {
    return violations(decision, comment);
  }

  static List<Violation> violations(Decision decision, String comment) {
    List<Violation> violations = new ArrayList<>();
    if (decision == null) {
      violations.add(new Violation("decision", "is required: approve or reject"));
    }
    Texts.check("comment", comment, MAX_COMMENT_LENGTH, violations);
    return violations;
  }
}
