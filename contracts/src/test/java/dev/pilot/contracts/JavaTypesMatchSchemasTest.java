package dev.pilot.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Java records the services publish and the JSON Schemas other teams read cannot drift. */
class JavaTypesMatchSchemasTest {

  /** Enough variants to serialise every constant of the largest enum (StepStatus). */
  private static final int VARIANTS = 6;

  private final JsonMapper mapper = JsonMapper.builder().build();

  static Iterable<EventTypes> eventTypes() {
    return EventTypes.all();
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void everyEventTypeSerialisesToJsonValidAgainstItsSchema(EventTypes eventType) {
    for (int variant = 0; variant < VARIANTS; variant++) {
      JsonNode json = serialise(SampleEvents.sample(eventType.type(), variant));

      assertThat(ContractSchemas.violations(eventType.name(), json))
          .as("%s (variant %d) against its schema: %s", eventType, variant, json)
          .isEmpty();
      assertThat(json.path("event_type").asString()).isEqualTo(eventType.name());
      assertThat(json.path("schema_version").asInt()).isEqualTo(PilotEvent.SCHEMA_VERSION);
    }
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void everyEventTypeWritesExactlyThePropertiesItsSchemaDeclares(EventTypes eventType) {
    JsonNode json = serialise(SampleEvents.sample(eventType.type(), 0));

    assertThat(DeclaredProperties.differences(eventType.name(), json))
        .as("%s compared with its schema: %s", eventType, json)
        .isEmpty();
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void everyEventTypeWithItsOptionalFieldsLeftEmptyIsStillValidAgainstItsSchema(
      EventTypes eventType) {
    PilotEvent sparse =
        SampleEvents.sparse(eventType.type(), SchemaNode.ofEventType(eventType.name()));
    JsonNode json = serialise(sparse);

    assertThat(ContractSchemas.violations(eventType.name(), json))
        .as("%s with optional fields empty: %s", eventType, json)
        .isEmpty();
    assertThat(json.properties())
        .as("an event's own empty fields are left out, not written as null")
        .noneMatch(property -> property.getValue().isNull());
  }

  @Test
  void everyEventTypeHasOneSchemaFileAndEverySchemaFileDescribesAnEventType() {
    Set<String> eventSchemas = new HashSet<>(ContractSchemas.fileNames());
    assertThat(eventSchemas.remove("envelope.json")).as("envelope.json exists").isTrue();

    assertThat(eventSchemas)
        .containsExactlyInAnyOrderElementsOf(
            EventTypes.all().stream().map(t -> t.name() + ".json").collect(Collectors.toSet()));
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void everySchemaBuildsOnTheEnvelopeAndFixesItsEventType(EventTypes eventType) {
    JsonNode schema = ContractSchemas.file(eventType.name() + ".json");

    assertThat(schema.path("$schema").asString())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.path("$id").asString())
        .isEqualTo(ContractSchemas.ID_BASE + "v1/" + eventType.name() + ".json");
    assertThat(schema.path("allOf").findValuesAsString("$ref")).containsExactly("envelope.json");
    assertThat(schema.at("/properties/event_type/const").asString()).isEqualTo(eventType.name());
  }

  @Test
  void everyEnumeratedFieldListsExactlyTheValuesTheJavaEnumWrites() {
    Set<Set<String>> javaEnums = new HashSet<>();
    EventTypes.all().forEach(t -> collectEnums(t.type(), javaEnums));
    Set<Set<String>> schemaEnums = new HashSet<>();
    for (String file : ContractSchemas.fileNames()) {
      for (JsonNode values : ContractSchemas.file(file).findValues("enum")) {
        schemaEnums.add(
            values.values().stream().map(JsonNode::asString).collect(Collectors.toSet()));
      }
    }

    assertThat(schemaEnums).containsExactlyInAnyOrderElementsOf(javaEnums);
  }

  private void collectEnums(Type type, Set<Set<String>> into) {
    if (type instanceof ParameterizedType generic) {
      for (Type argument : generic.getActualTypeArguments()) {
        collectEnums(argument, into);
      }
    } else if (type instanceof Class<?> c && c.isEnum()) {
      into.add(
          Arrays.stream(c.getEnumConstants())
              .map(constant -> mapper.valueToTree(constant).asString())
              .collect(Collectors.toSet()));
    } else if (type instanceof Class<?> c && c.isRecord()) {
      for (RecordComponent component : c.getRecordComponents()) {
        collectEnums(component.getGenericType(), into);
      }
    }
  }

  private JsonNode serialise(PilotEvent event) {
    return mapper.readTree(mapper.writeValueAsString(event));
  }
}
