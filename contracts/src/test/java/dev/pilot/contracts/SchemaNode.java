package dev.pilot.contracts;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A node of one of the contract's schema files, with the file its relative {@code $ref}s resolve
 * against. Enough of JSON Schema to walk the contract's own schemas: {@code $ref} between the v1
 * files, {@code allOf}, {@code properties}, {@code required} and {@code items}.
 */
record SchemaNode(String file, JsonNode node) {

  static SchemaNode ofEventType(String eventType) {
    String file = eventType + ".json";
    return new SchemaNode(file, ContractSchemas.file(file));
  }

  SchemaNode resolve() {
    SchemaNode current = this;
    while (current.node().has("$ref")) {
      String ref = current.node().get("$ref").asString();
      int hash = ref.indexOf('#');
      String target = hash == 0 ? current.file() : (hash < 0 ? ref : ref.substring(0, hash));
      String pointer = hash < 0 ? "" : ref.substring(hash + 1);
      current = new SchemaNode(target, ContractSchemas.file(target).at(pointer));
    }
    return current;
  }

  /** Declared properties by name, own ones first, then those of {@code allOf} parts. */
  Map<String, SchemaNode> properties() {
    SchemaNode self = resolve();
    Map<String, SchemaNode> all = new LinkedHashMap<>();
    self.node()
        .path("properties")
        .forEachEntry((name, sub) -> all.put(name, new SchemaNode(self.file(), sub)));
    for (JsonNode part : self.node().path("allOf")) {
      new SchemaNode(self.file(), part).properties().forEach(all::putIfAbsent);
    }
    return all;
  }

  Set<String> required() {
    SchemaNode self = resolve();
    Set<String> required = new LinkedHashSet<>();
    self.node().path("required").forEach(name -> required.add(name.asString()));
    for (JsonNode part : self.node().path("allOf")) {
      required.addAll(new SchemaNode(self.file(), part).required());
    }
    return required;
  }

  /** True for a schema that declares no structure: it accepts any JSON value (or any object). */
  boolean freeForm() {
    JsonNode self = resolve().node();
    return !self.has("properties") && !self.has("items") && !self.has("allOf");
  }

  /** The schema of an array's items, or null when none is declared. */
  SchemaNode items() {
    SchemaNode self = resolve();
    JsonNode items = self.node().get("items");
    return items == null ? null : new SchemaNode(self.file(), items);
  }
}
