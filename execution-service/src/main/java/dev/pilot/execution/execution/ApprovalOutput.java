package dev.pilot.execution.execution;

import dev.pilot.contracts.approval.ApprovalResolved;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An approval step's output: {@code {outcome, proposal, revision, responses}}, the proposal being
 * the revision the approvers resolved on (for an approval, exactly what they approved).
 */
final class ApprovalOutput {

  private static final JsonMapper JSON =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  private ApprovalOutput() {}

  static String of(ApprovalResolved resolution) {
    ObjectNode output = JSON.createObjectNode();
    output.set("outcome", JSON.valueToTree(resolution.outcome()));
    output.set("proposal", JSON.valueToTree(resolution.proposal()));
    output.set("revision", JSON.valueToTree(resolution.revision()));
    output.set("responses", JSON.valueToTree(resolution.responses()));
    return JSON.writeValueAsString(output);
  }
}
