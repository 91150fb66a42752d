package dev.pilot.dashboard;

import dev.pilot.testsupport.api.ApiFixtures;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What execution-service and approval-service answer, for {@link FakeBackends}: their stored
 * fixtures (which the services' own tests check their real answers against) with a test's ids.
 */
public final class ApiAnswers {

  private ApiAnswers() {}

  /** GET /api/approvals/{id}: the fixture's pending approval, as the run's approval. */
  public static ObjectNode approval(ExecutionScenario run) {
    ObjectNode approval = ApiFixtures.load("approval/approval.json");
    approval.put("approval_id", run.approvalId().toString());
    approval.put("execution_id", run.executionId.toString());
    approval.put("owner", run.owner);
    ((ObjectNode) approval.path("context")).put("agent_name", run.agentName);
    return approval;
  }

  /** GET /api/executions/{id}: the fixture's running execution, as the run. */
  public static ObjectNode execution(ExecutionScenario run) {
    ObjectNode execution = ApiFixtures.load("execution/execution.json");
    execution.put("execution_id", run.executionId.toString());
    execution.put("agent_id", run.agentId.toString());
    execution.put("agent_name", run.agentName);
    execution.put("owner", run.owner);
    return execution;
  }

  /**
   * POST /api/approvals/bulk-responses: for each requested id, the fixture's outcome with the
   * result given for it ({@code answered}, {@code forbidden}, {@code not_found} or {@code
   * conflict}).
   */
  public static ObjectNode bulk(JsonNode request, List<String> results) {
    ObjectNode fixture = ApiFixtures.load("approval/bulk-responses.json");
    ObjectNode answer = FakeBackends.object();
    ArrayNode outcomes = answer.putArray("results");
    List<String> ids = request.path("approval_ids").valueStream().map(JsonNode::asString).toList();
    for (int i = 0; i < ids.size(); i++) {
      String result = results.get(i);
      ObjectNode outcome =
          fixture
              .path("results")
              .valueStream()
              .filter(o -> o.path("result").asString().equals(result))
              .findFirst()
              .map(o -> (ObjectNode) o.deepCopy())
              .orElseThrow(() -> new IllegalArgumentException("No " + result + " in the fixture"));
      outcome.put("approval_id", ids.get(i));
      if (outcome.get("approval") instanceof ObjectNode approval) {
        approval.put("approval_id", ids.get(i));
      }
      outcomes.add(outcome);
    }
    return answer;
  }

  /** Every id answered. */
  public static ObjectNode allAnswered(JsonNode request) {
    return bulk(request, request.path("approval_ids").valueStream().map(id -> "answered").toList());
  }
}
