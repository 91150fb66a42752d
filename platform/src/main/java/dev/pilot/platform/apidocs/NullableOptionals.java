package dev.pilot.platform.apidocs;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The services write an absent value as {@code null} rather than leaving the property out, so every
 * property a schema does not require is documented as possibly {@code null} (JSON Schema 2020-12 as
 * OpenAPI 3.1 uses it: {@code "type": ["string", "null"]}).
 */
final class NullableOptionals implements OpenApiCustomizer {

  @Override
  public void customise(OpenAPI api) {
    if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
      return;
    }
    api.getComponents().getSchemas().values().forEach(NullableOptionals::allowNulls);
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static void allowNulls(Schema<?> schema) {
    Map<String, Schema> properties = schema.getProperties();
    if (properties == null) {
      return;
    }
    List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
    for (Map.Entry<String, Schema> property : properties.entrySet()) {
      if (required.contains(property.getKey())) {
        continue;
      }
      Schema value = property.getValue();
      if (value.get$ref() != null) {
        Schema nullable = new Schema<>();
        nullable.anyOf(new ArrayList<>(List.of(new Schema<>().$ref(value.get$ref()), nullType())));
        property.setValue(nullable);
      } else if (value.getTypes() != null && !value.getTypes().contains("null")) {
        Set<String> types = new LinkedHashSet<>(value.getTypes());
        types.add("null");
        value.setTypes(types);
        if (value.getEnum() != null && !value.getEnum().contains(null)) {
          List values = new ArrayList<>(value.getEnum());
          values.add(null);
          value.setEnum(values);
        }
      }
    }
  }

  private static Schema<?> nullType() {
    Schema<?> nothing = new Schema<>();
    nothing.setTypes(new LinkedHashSet<>(List.of("null")));
    return nothing;
  }
}
