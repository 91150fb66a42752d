package dev.pilot.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds an instance of any contract record with every component set, by reflection, so a new event
 * type or a new field is covered without a hand-written sample. {@code variant} rotates through
 * enum constants and varies the other values.
 */
final class SampleEvents {

  private static final Instant BASE_TIME = Instant.parse("2026-03-14T09:30:00.125Z");

  private SampleEvents() {}

  /** An instance with every component set. */
  static <T> T sample(Class<T> recordType, int variant) {
    return build(recordType, variant, null);
  }

  /** An instance whose components are null wherever the schema does not require them. */
  static <T> T sparse(Class<T> recordType, SchemaNode schema) {
    return build(recordType, 0, schema);
  }

  private static <T> T build(Class<T> recordType, int variant, SchemaNode schema) {
    if (!recordType.isRecord()) {
      throw new IllegalArgumentException(recordType + " is not a record");
    }
    RecordComponent[] components = recordType.getRecordComponents();
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      String jsonName = jsonName(component);
      boolean leftOut =
          schema != null
              && !component.getType().isPrimitive()
              && !schema.required().contains(jsonName);
      SchemaNode declared = schema == null ? null : schema.properties().get(jsonName);
      values[i] =
          leftOut
              ? null
              : value(component.getGenericType(), component.getName(), variant, declared);
    }
    Class<?>[] types =
        Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new);
    try {
      return recordType.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot build a " + recordType.getSimpleName(), e);
    }
  }

  private static String jsonName(RecordComponent component) {
    JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
    return property == null ? component.getName() : property.value();
  }

  private static Object value(Type type, String name, int variant, SchemaNode schema) {
    if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
      Type element = list.getActualTypeArguments()[0];
      SchemaNode items = schema == null ? null : schema.items();
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        values.add(value(element, name + "-" + i, variant + i, items));
      }
      return values;
    }
    if (!(type instanceof Class<?> c)) {
      throw new IllegalArgumentException("No sample value for " + type + ": teach SampleEvents");
    }
    if (c == UUID.class) {
      return UUID.randomUUID();
    }
    if (c == Instant.class) {
      return BASE_TIME.plusSeconds(variant);
    }
    if (c == String.class) {
      return name + "-" + variant;
    }
    if (c == int.class || c == Integer.class) {
      return variant + 1;
    }
    if (c == long.class || c == Long.class) {
      return variant + 1L;
    }
    if (c == boolean.class || c == Boolean.class) {
      return variant % 2 == 0;
    }
    if (c.isEnum()) {
      Object[] constants = c.getEnumConstants();
      return constants[variant % constants.length];
    }
    if (c.isRecord()) {
      return build(c, variant, schema);
    }
    if (c == Object.class) {
      // a field holding any JSON value (a proposal, a step output): an object is the usual case
      return Map.of("item", name + "-" + variant, "amount", variant + 1);
    }
    throw new IllegalArgumentException("No sample value for " + c + ": teach SampleEvents");
  }
}
