package dev.pilot.platform.json;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.pilot.platform.web.Violation;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * JSON Schema (draft 2020-12) checks of user data against user schemas: an agent's {@code
 * input_schema}, an approval step's {@code proposal_schema}. Schemas come from users, so nothing is
 * ever fetched: a {@code $ref} to anything outside the schema itself fails the schema check instead
 * of reaching the network.
 */
public final class JsonSchemas {

  private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));

  private JsonSchemas() {}

  /**
   * What makes {@code schema} unusable as a JSON Schema 2020-12 document, as violations of {@code
   * field}; empty when it is usable.
   */
  public static List<Violation> schemaProblems(String field, JsonNode schema) {
    if (schema == null || !(schema.isObject() || schema.isBoolean())) {
      return List.of(new Violation(field, "must be a JSON Schema (an object)"));
    }
    List<Violation> problems =
        REGISTRY.getSchema(SchemaLocation.of(META_SCHEMA)).validate(schema).stream()
            .map(error -> new Violation(field, "is not a valid JSON Schema: " + error.getMessage()))
            .toList();
    if (!problems.isEmpty()) {
      return problems;
    }
    List<Violation> references = new ArrayList<>();
    outsideReferences(schema, field, references);
    return references;
  }

  /**
   * Every {@code $ref} that points outside the schema: it would need fetching, so it is refused.
   */
  private static void outsideReferences(JsonNode node, String field, List<Violation> out) {
    if (node.isObject()) {
      for (String keyword : List.of("$ref", "$dynamicRef")) {
        JsonNode ref = node.get(keyword);
        if (ref != null && ref.isString() && !ref.asString().startsWith("#")) {
          out.add(
              new Violation(
                  field,
                  keyword
                      + " "
                      + ref.asString()
                      + " must refer within the schema (#/...): nothing is fetched"));
        }
      }
    }
    node.values().forEach(child -> outsideReferences(child, field, out));
  }

  /**
   * Where {@code value} breaks {@code schema}, each violation naming the offending field under
   * {@code field} (e.g. {@code inputs.amount}); empty when it is valid. The schema must have passed
   * {@link #schemaProblems}.
   */
  public static List<Violation> violations(String field, JsonNode schema, JsonNode value) {
    Schema compiled = REGISTRY.getSchema(schema);
    return compiled.validate(value).stream().map(error -> violation(field, error)).toList();
  }

  private static Violation violation(String field, Error error) {
    NodePath location = error.getInstanceLocation();
    StringBuilder path = new StringBuilder(field);
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      path.append(element instanceof Integer index ? "[" + index + "]" : "." + element);
    }
    if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
      return new Violation(path + "." + error.getProperty(), "is required");
    }
    String message = error.getMessage();
    // the library may prefix its message with the location, which the field already names
    int colon = message.indexOf(": ");
    if (colon > 0 && (message.startsWith("/") || message.startsWith("$"))) {
      message = message.substring(colon + 2);
    }
    return new Violation(path.toString(), message);
  }
}
