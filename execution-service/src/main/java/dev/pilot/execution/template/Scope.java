package dev.pilot.execution.template;

import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a step's templates may read: the execution's inputs, the outputs of the steps finished so
 * far (by step id), the execution id and the agent's name.
 */
public record Scope(
    JsonNode inputs, Map<String, JsonNode> outputs, UUID executionId, String agentName) {

  /** The data as one tree, the shape every reference's pointer is written against. */
  JsonNode tree() {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode root = nodes.objectNode();
    root.set("inputs", inputs == null ? nodes.objectNode() : inputs);
    ObjectNode steps = root.putObject("steps");
    outputs.forEach(
        (stepId, output) ->
            steps.putObject(stepId).set("output", output == null ? nodes.nullNode() : output));
    root.putObject("execution").put("id", executionId.toString());
    root.putObject("agent").put("name", agentName);
    return root;
  }
}
