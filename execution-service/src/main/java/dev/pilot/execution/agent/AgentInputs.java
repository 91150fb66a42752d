package dev.pilot.execution.agent;

import dev.pilot.platform.json.JsonSchemas;
import dev.pilot.platform.web.Violation;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * What an agent declares about data: its {@code input_schema} and {@code default_inputs}, and the
 * inputs a run is started with.
 */
public final class AgentInputs {

  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private AgentInputs() {}

  /** A JSON Schema given in a request, checked; null when none was given. */
  static Map<String, Object> schema(Object given, List<Violation> violations) {
    return schema(given, "input_schema", violations);
  }

  static Map<String, Object> schema(Object given, String field, List<Violation> violations) {
    if (given == null) {
      return null;
    }
    if (!(given instanceof Map<?, ?>)) {
      violations.add(new Violation(field, "must be a JSON Schema object"));
      return null;
    }
    List<Violation> problems = JsonSchemas.schemaProblems(field, tree(given));
    violations.addAll(problems);
    return problems.isEmpty() ? PilotSteps.JSON.convertValue(given, OBJECT) : null;
  }

  /**
   * The default inputs given in a request ({} when none), checked against the schema when given, or
   * when a schedule will start runs with them.
   */
  static Map<String, Object> defaults(
      Object given, Map<String, Object> schema, boolean scheduled, List<Violation> violations) {
    if (given == null) {
      if (scheduled && schema != null) {
        violations.addAll(JsonSchemas.violations("default_inputs", tree(schema), tree(Map.of())));
      }
      return Map.of();
    }
    if (!(given instanceof Map<?, ?>)) {
      violations.add(new Violation("default_inputs", "must be a JSON object"));
      return Map.of();
    }
    if (schema != null) {
      violations.addAll(JsonSchemas.violations("default_inputs", tree(schema), tree(given)));
    }
    return PilotSteps.JSON.convertValue(given, OBJECT);
  }

  /**
   * The inputs of a run of {@code agent}: {@code given}, or the agent's defaults when none were
   * given; violations name each field under {@code inputs} that breaks the agent's schema.
   */
  public static Map<String, Object> forRun(Agent agent, Object given, List<Violation> violations) {
    Object inputs = given != null ? given : agent.defaultInputs();
    if (inputs == null) {
      inputs = Map.of();
    }
    if (!(inputs instanceof Map<?, ?>)) {
      violations.add(new Violation("inputs", "must be a JSON object"));
      return Map.of();
    }
    if (agent.inputSchema() != null) {
      violations.addAll(JsonSchemas.violations("inputs", tree(agent.inputSchema()), tree(inputs)));
    }
    return PilotSteps.JSON.convertValue(inputs, OBJECT);
  }

  private static JsonNode tree(Object value) {
    return PilotSteps.JSON.valueToTree(value);
  }
}
