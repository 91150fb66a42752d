package dev.pilot.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Compares the property names an event's JSON carries with those its schema declares, at every
 * level. Validation alone cannot see drift: schemas allow unknown properties, so a record component
 * missing from the schema, or a schema property no record writes, would pass unnoticed.
 */
final class DeclaredProperties {

  private DeclaredProperties() {}

  /** Differences between the event JSON's property names and its schema's, one line each. */
  static List<String> differences(String eventType, JsonNode event) {
    List<String> differences = new ArrayList<>();
    compare("$", event, SchemaNode.ofEventType(eventType), differences);
    return differences;
  }

  private static void compare(String path, JsonNode value, SchemaNode schema, List<String> out) {
    if (schema.freeForm()) {
      return; // any JSON value (a proposal, an output): its shape is the agent's, not the
      // contract's
    }
    if (value.isObject()) {
      Map<String, SchemaNode> declared = schema.properties();
      for (String name : value.propertyNames()) {
        if (declared.containsKey(name)) {
          compare(path + "." + name, value.get(name), declared.get(name), out);
        } else {
          out.add(path + "." + name + " is written but not declared in the schema");
        }
      }
      declared.keySet().stream()
          .filter(name -> !value.has(name))
          .forEach(name -> out.add(path + "." + name + " is declared but not written"));
    } else if (value.isArray()) {
      SchemaNode items = schema.items();
      if (items == null) {
        out.add(path + " is an array without declared items");
        return;
      }
      for (int i = 0; i < value.size(); i++) {
        compare(path + "[" + i + "]", value.get(i), items, out);
      }
    }
  }
}
