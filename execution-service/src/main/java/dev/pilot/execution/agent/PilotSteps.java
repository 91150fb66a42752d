package dev.pilot.execution.agent;

import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * An agent's pilot steps, stored as one JSON document in the API's own shape (agents, and the
 * snapshot each execution keeps).
 */
public record PilotSteps(List<PilotStep> list) {

  static final JsonMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private static final TypeReference<List<PilotStep>> STEPS = new TypeReference<>() {};
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  public PilotSteps {
    list = List.copyOf(list);
  }

  public static String toJson(List<PilotStep> steps) {
    return JSON.writeValueAsString(steps);
  }

  public static List<PilotStep> fromJson(String json) {
    return JSON.readValue(json, STEPS);
  }

  /** Any value as JSON text, in the stored (snake_case) shape. */
  public static String toJsonValue(Object value) {
    return JSON.writeValueAsString(value);
  }

  static String jsonOrNull(Map<String, Object> object) {
    return object == null ? null : JSON.writeValueAsString(object);
  }

  static Map<String, Object> mapOrNull(String json) {
    return json == null ? null : JSON.readValue(json, OBJECT);
  }
}
