package dev.pilot.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The AsyncAPI document describes both topics with exactly the event types the Java records and the
 * schemas define, and is valid AsyncAPI 3.0.
 */
class AsyncApiDocumentTest {

  private static final String DRAFT_2020_12 = "application/schema+json;version=draft-2020-12";

  private final JsonNode document = readYaml("asyncapi.yaml");

  static Iterable<EventTypes> eventTypes() {
    return EventTypes.all();
  }

  @Test
  void documentIsValidAsyncApi3() {
    // The official AsyncAPI 3.0.0 JSON Schema (npm @asyncapi/specs 6.11.1,
    // schemas/3.0.0-without-$id.json, Apache-2.0)
    Schema asyncApi3 =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
            .getSchema(ContractSchemas.read("asyncapi/asyncapi-3.0.0-schema.json"));
    ObjectNode misspelt = (ObjectNode) document.deepCopy();
    ((ObjectNode) misspelt.at("/operations/receiveExecutionEvents")).put("action", "listen");

    assertThat(asyncApi3.validate(document)).isEmpty();
    assertThat(asyncApi3.validate(misspelt)).as("the check is not vacuous").isNotEmpty();
    assertThat(document.path("asyncapi").asString()).isEqualTo("3.0.0");
  }

  @Test
  void everyServerButTheLocalStackRequiresScramSha512() {
    JsonNode scheme = document.at("/components/securitySchemes/scramSha512");
    assertThat(scheme.path("type").asString()).isEqualTo("scramSha512");
    List<String> secured = new java.util.ArrayList<>();
    document
        .path("servers")
        .properties()
        .forEach(
            server -> {
              if (!server.getKey().equals("local")) {
                assertThat(server.getValue().at("/security/0/$ref").asString())
                    .as(server.getKey())
                    .isEqualTo("#/components/securitySchemes/scramSha512");
                secured.add(server.getKey());
              }
            });
    assertThat(secured).contains("production");
  }

  @Test
  void bothTopicsAreChannelsAtTheirKafkaAddresses() {
    for (String topic : List.of(Topics.EXECUTION_EVENTS, Topics.APPROVAL_EVENTS)) {
      JsonNode channel = document.path("channels").path(topic);
      assertThat(channel.path("address").asString()).isEqualTo(topic);
      assertThat(channel.at("/bindings/kafka/topic").asString()).isEqualTo(topic);
    }
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void everyEventTypeIsAMessageOfItsTopicWithItsSchemaAndCloudEventsType(EventTypes eventType) {
    JsonNode message = resolve(channelMessages(eventType.topic()).path(eventType.name()));

    assertThat(message.path("name").asString()).isEqualTo(eventType.name());
    assertThat(message.at("/payload/schemaFormat").asString()).isEqualTo(DRAFT_2020_12);
    assertThat(message.at("/payload/schema/$ref").asString())
        .isEqualTo("./" + ContractSchemas.FOLDER + "/" + eventType.name() + ".json");
    assertThat(message.at("/headers/allOf/1/properties/ce_type/const").asString())
        .isEqualTo(CloudEventHeaders.ceType(eventType.name(), PilotEvent.SCHEMA_VERSION));
    assertThat(resolve(message.path("bindings")).at("/kafka/key/format").asString())
        .isEqualTo("uuid");
  }

  @Test
  void everySchemaFileIsReferencedByAMessageOrTheEnvelope() {
    Set<String> referenced = new HashSet<>();
    document
        .path("components")
        .path("messages")
        .forEach(m -> referenced.add(m.at("/payload/schema/$ref").asString()));
    referenced.add("./" + ContractSchemas.FOLDER + "/envelope.json");

    assertThat(referenced)
        .containsExactlyInAnyOrderElementsOf(
            ContractSchemas.fileNames().stream()
                .map(f -> "./" + ContractSchemas.FOLDER + "/" + f)
                .toList());
  }

  @Test
  void eachTopicHasOneReceiveOperationListingAllItsMessages() {
    for (String topic : List.of(Topics.EXECUTION_EVENTS, Topics.APPROVAL_EVENTS)) {
      List<JsonNode> receivers =
          document.path("operations").values().stream()
              .filter(op -> op.at("/channel/$ref").asString().equals("#/channels/" + topic))
              .toList();
      assertThat(receivers).hasSize(1);
      JsonNode operation = receivers.get(0);
      assertThat(operation.path("action").asString()).isEqualTo("receive");
      assertThat(operation.path("messages").findValuesAsString("$ref"))
          .containsExactlyInAnyOrderElementsOf(
              EventTypes.all().stream()
                  .filter(t -> t.topic().equals(topic))
                  .map(t -> "#/channels/" + topic + "/messages/" + t.name())
                  .toList());
      assertThat(channelMessages(topic).propertyNames())
          .containsExactlyInAnyOrderElementsOf(
              EventTypes.all().stream()
                  .filter(t -> t.topic().equals(topic))
                  .map(EventTypes::name)
                  .toList());
    }
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void declaredHeadersAreExactlyTheOnesThePublishersWrite(EventTypes eventType) {
    PilotEvent event = SampleEvents.sample(eventType.type(), 0);
    JsonNode written =
        JsonMapper.builder().build().valueToTree(CloudEventHeaders.of(event, "/execution-service"));
    JsonNode declared = document.at("/components/schemas/CloudEventHeaders");
    JsonNode message = resolve(channelMessages(eventType.topic()).path(eventType.name()));

    assertThat(
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(declared)
                .validate(written))
        .isEmpty();
    // Besides the CloudEvents attributes, the optional trace context (written when tracing is on).
    List<String> publishable = new ArrayList<>(written.propertyNames());
    publishable.add(CloudEventHeaders.TRACEPARENT);
    assertThat(declared.path("properties").propertyNames())
        .containsExactlyInAnyOrderElementsOf(publishable);
    assertThat(declared.path("required").valueStream().map(JsonNode::asString))
        .doesNotContain(CloudEventHeaders.TRACEPARENT);
    ObjectNode traced = ((ObjectNode) written.deepCopy());
    traced.put(
        CloudEventHeaders.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(declared)
                .validate(traced))
        .isEmpty();
    assertThat(written.path(CloudEventHeaders.TYPE).asString())
        .isEqualTo(message.at("/headers/allOf/1/properties/ce_type/const").asString());
  }

  private JsonNode channelMessages(String topic) {
    return document.path("channels").path(topic).path("messages");
  }

  /** Follows a local {@code $ref} ({@code #/components/...}) within the document. */
  private JsonNode resolve(JsonNode node) {
    while (node.has("$ref")) {
      node = document.at(node.get("$ref").asString().substring(1));
    }
    return node;
  }

  private static JsonNode readYaml(String classpathResource) {
    try (InputStream in = ContractSchemas.resource(classpathResource)) {
      return YAMLMapper.builder().build().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
