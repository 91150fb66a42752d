package dev.pilot.execution.agent;

import java.util.Map;

/**
 * A JSON object stored as one jsonb column. A value type rather than a bare {@code Map} so that
 * Spring Data JDBC converts it with {@link AgentPersistence}'s converters instead of mapping it as
 * a child table.
 */
public record JsonDocument(Map<String, Object> map) {

  public JsonDocument {
    if (map == null) {
      throw new IllegalArgumentException("a JSON document is an object; absent is null");
    }
  }

  /** The document of an object; null (no column value) for null. */
  static JsonDocument of(Map<String, Object> map) {
    return map == null ? null : new JsonDocument(map);
  }

  static Map<String, Object> mapOf(JsonDocument document) {
    return document == null ? null : document.map();
  }
}
