package dev.pilot.execution.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds and resolves {@code {{ ... }}} references in any JSON-like value (maps, lists, strings). A
 * string that is exactly one reference becomes the referenced value with its JSON type (object,
 * list, number); a reference inside a longer string is rendered as text (objects and lists as
 * compact JSON).
 */
public final class Templates {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]*)}}");
  private static final Pattern WHOLE = Pattern.compile("\\A\\{\\{([^{}]*)}}\\z");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Templates() {}

  /** A reference found in a field, or the syntax problem found there instead. */
  public record Found(String field, Reference reference, String problem) {}

  /** Every reference and every syntax problem inside {@code value}, each with its field path. */
  public static List<Found> find(String field, Object value) {
    List<Found> found = new ArrayList<>();
    walk(field, value, found);
    return found;
  }

  private static void walk(String field, Object value, List<Found> found) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> walk(field + "." + key, item, found));
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(field + "[" + i + "]", list.get(i), found);
      }
    } else if (value instanceof String text) {
      Matcher placeholder = PLACEHOLDER.matcher(text);
      while (placeholder.find()) {
        try {
          found.add(new Found(field, ReferenceParser.parse(placeholder.group(1)), null));
        } catch (TemplateSyntaxException e) {
          found.add(new Found(field, null, e.getMessage()));
        }
      }
      String rest = PLACEHOLDER.matcher(text).replaceAll("");
      if (rest.contains("{{") || rest.contains("}}")) {
        found.add(new Found(field, null, "has a {{ or }} that does not close a reference"));
      }
    }
  }

  /**
   * {@code value} with every reference replaced by what it points at in {@code scope}.
   *
   * @throws MissingReferenceException naming the first reference that points at nothing
   * @throws TemplateSyntaxException for a reference the agent's validation would have refused
   */
  public static Object resolve(Object value, Scope scope) {
    return resolve(value, scope.tree());
  }

  private static Object resolve(Object value, JsonNode data) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> resolved = new LinkedHashMap<>();
      map.forEach((key, item) -> resolved.put(String.valueOf(key), resolve(item, data)));
      return resolved;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(item -> resolve(item, data)).toList();
    }
    if (!(value instanceof String text) || !text.contains("{{")) {
      return value;
    }
    Matcher whole = WHOLE.matcher(text);
    if (whole.matches()) {
      return JSON.treeToValue(lookUp(whole.group(1), data), Object.class);
    }
    Matcher placeholder = PLACEHOLDER.matcher(text);
    StringBuilder rendered = new StringBuilder();
    while (placeholder.find()) {
      placeholder.appendReplacement(
          rendered, Matcher.quoteReplacement(asText(lookUp(placeholder.group(1), data))));
    }
    placeholder.appendTail(rendered);
    return rendered.toString();
  }

  private static JsonNode lookUp(String expression, JsonNode data) {
    Reference reference = ReferenceParser.parse(expression);
    JsonNode value = data.at(reference.pointer());
    if (value.isMissingNode()) {
      throw new MissingReferenceException(reference);
    }
    return value;
  }

  private static String asText(JsonNode value) {
    return value.isValueNode() && !value.isNull()
        ? value.asString()
        : JSON.writeValueAsString(value);
  }
}
