package dev.pilot.execution.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
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

  /** At most this many documents (agent versions recently run) are kept parsed. */
  private static final int PARSED_LIMIT = 256;

  /** Larger documents are parsed each time, so the cache stays within about 8 MB. */
  private static final int PARSED_MAX_CHARS = 16_384;

  private static final Map<String, List<PilotStep>> PARSED =
      Collections.synchronizedMap(
          new LinkedHashMap<>(PARSED_LIMIT, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<PilotStep>> eldest) {
              return size() > PARSED_LIMIT;
            }
          });

  public PilotSteps {
    list = List.copyOf(list);
  }

  public static String toJson(List<PilotStep> steps) {
    return JSON.writeValueAsString(steps);
  }

  /**
   * The steps of a stored document. Every run of an agent version stores the same document and
   * every claim of a run reads it again, so the parsed steps of recently read documents are kept
   * (read-only: steps are never changed in place) instead of parsing each time; a profile of the
   * throughput benchmark found 5 % of execution-service's CPU in this parse.
   */
  public static List<PilotStep> fromJson(String json) {
    if (json.length() > PARSED_MAX_CHARS) {
      return parse(json);
    }
    return PARSED.computeIfAbsent(json, PilotSteps::parse);
  }

  private static List<PilotStep> parse(String json) {
    return List.copyOf(JSON.readValue(json, STEPS));
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
