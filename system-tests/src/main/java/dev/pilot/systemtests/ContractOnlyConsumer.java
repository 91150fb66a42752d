package dev.pilot.systemtests;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;

/**
 * A subscriber from another team: it knows only the files under {@code contracts/} (topic names
 * from the AsyncAPI document, the JSON Schemas), none of the services' Java types.
 */
public final class ContractOnlyConsumer implements AutoCloseable {

  /** The {@code $id} prefix of the published schemas, resolved to the copies of contracts/. */
  static final String SCHEMA_IDS = "https://schemas.pilot.dev/events/";

  /** One received event, validated against its schema. */
  public record Received(String topic, String key, JsonNode event, List<String> schemaErrors) {
    String type() {
      return event.get("event_type").asString();
    }

    long sequence() {
      return event.get("sequence").asLong();
    }
  }

  private final KafkaConsumer<String, String> consumer;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder ->
              builder.schemaIdResolvers(
                  ids -> ids.mapPrefix(SCHEMA_IDS, "classpath:contract-schemas/")));
  private final Thread poller;

  public ContractOnlyConsumer(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "other-team-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumer = new KafkaConsumer<>(props);
    consumer.subscribe(List.of("execution-events", "approval-events"));
    poller = new Thread(this::poll, "contract-only-consumer");
    poller.setDaemon(true);
    poller.start();
  }

  private void poll() {
    try {
      while (true) {
        for (var record : consumer.poll(Duration.ofMillis(100))) {
          JsonNode event = parse(record.value());
          if (event != null) {
            received.add(new Received(record.topic(), record.key(), event, validate(event)));
          }
        }
      }
    } catch (WakeupException closing) {
      // closed by the test
    } finally {
      consumer.close();
    }
  }

  /** A record that is not JSON at all (a test may publish one on purpose) is not an event. */
  private static JsonNode parse(String value) {
    try {
      JsonNode event = PilotApi.JSON.readTree(value);
      return event != null && event.isObject() && event.path("event_type").isString()
          ? event
          : null;
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private List<String> validate(JsonNode event) {
    JsonNode type = event.get("event_type");
    if (type == null) {
      return List.of("no event_type");
    }
    String name = "v1/" + type.asString() + ".json";
    if (getClass().getResource("/contract-schemas/" + name) == null) {
      return List.of("no schema for " + type.asString());
    }
    Schema schema =
        schemas.computeIfAbsent(name, n -> registry.getSchema(SchemaLocation.of(SCHEMA_IDS + n)));
    return schema.validate(event).stream().map(Error::toString).toList();
  }

  /** Everything received for one execution, per topic in arrival order. */
  public List<Received> of(UUID executionId) {
    List<Received> mine = new ArrayList<>();
    for (Received r : received) {
      if (executionId.toString().equals(r.key())) {
        mine.add(r);
      }
    }
    return mine;
  }

  @Override
  public void close() {
    consumer.wakeup();
  }
}
