package dev.pilot.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.testsupport.Infrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every contract event goes through the real broker and comes back intact, read by a plain Kafka
 * consumer that knows only the contract: topic, String key, JSON value, CloudEvents headers.
 */
class BrokerRoundTripTest {

  private static final String SOURCE = "/contracts-test";

  private final JsonMapper mapper = JsonMapper.builder().build();
  private final String bootstrapServers = Infrastructure.get().kafkaBootstrapServers();

  @Test
  void everyEventTypeComesBackFromItsTopicIntactWithHeadersKeyAndOrder() throws Exception {
    UUID execution = UUID.randomUUID();
    List<PilotEvent> published = oneExecutionWithEveryEventType(execution);

    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (PilotEvent event : published) {
        producer
            .send(
                new ProducerRecord<>(
                    topicOf(event),
                    null,
                    event.executionId().toString(),
                    mapper.writeValueAsBytes(event),
                    headers(event)))
            .get(30, TimeUnit.SECONDS);
      }
    }

    List<ConsumerRecord<String, byte[]>> received = consume(execution, published.size());

    for (String topic : List.of(Topics.EXECUTION_EVENTS, Topics.APPROVAL_EVENTS)) {
      List<PilotEvent> sent = published.stream().filter(e -> topicOf(e).equals(topic)).toList();
      List<ConsumerRecord<String, byte[]>> got =
          received.stream().filter(r -> r.topic().equals(topic)).toList();

      assertThat(got.stream().map(r -> decode(r, topic)).toList())
          .as("events on %s, in publishing order", topic)
          .containsExactlyElementsOf(sent);
      assertThat(got).extracting(ConsumerRecord::key).containsOnly(execution.toString());
      assertThat(got)
          .extracting(ConsumerRecord::partition)
          .as("one execution's events share a partition")
          .containsOnly(got.get(0).partition());
      assertThat(got.stream().map(r -> decode(r, topic).sequence()).toList())
          .as("sequence strictly increases per execution on %s", topic)
          .isSorted()
          .doesNotHaveDuplicates();
      for (int i = 0; i < got.size(); i++) {
        assertThat(headersOf(got.get(i))).isEqualTo(CloudEventHeaders.of(sent.get(i), SOURCE));
      }
    }
  }

  /**
   * Every event type once, all of one execution, sequences counted per topic. Values come from the
   * stored fixtures, re-identified so that reruns against a long-lived broker do not mix up.
   */
  private List<PilotEvent> oneExecutionWithEveryEventType(UUID execution) {
    Map<String, Long> sequences = new LinkedHashMap<>();
    List<PilotEvent> events = new ArrayList<>();
    for (EventTypes eventType : EventTypes.all()) {
      ObjectNode json = (ObjectNode) mapper.readTree(Fixtures.bytes(eventType.name()));
      json.put("event_id", UUID.randomUUID().toString());
      json.put("execution_id", execution.toString());
      json.put("sequence", sequences.merge(eventType.topic(), 1L, Long::sum));
      events.add(mapper.treeToValue(json, eventType.topicType()));
    }
    return events;
  }

  private List<ConsumerRecord<String, byte[]>> consume(UUID execution, int expected) {
    List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      consumer.subscribe(List.of(Topics.EXECUTION_EVENTS, Topics.APPROVAL_EVENTS));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.stream().filter(r -> isOf(r, execution)).count() >= expected;
              });
    }
    return received.stream().filter(r -> isOf(r, execution)).toList();
  }

  private static boolean isOf(ConsumerRecord<String, byte[]> record, UUID execution) {
    return execution.toString().equals(record.key());
  }

  private PilotEvent decode(ConsumerRecord<String, byte[]> record, String topic) {
    Class<? extends PilotEvent> type =
        EventTypes.all().stream()
            .filter(t -> t.topic().equals(topic))
            .findFirst()
            .orElseThrow()
            .topicType();
    return mapper.readValue(record.value(), type);
  }

  private static String topicOf(PilotEvent event) {
    return EventTypes.named(event.eventType()).topic();
  }

  private static RecordHeaders headers(PilotEvent event) {
    RecordHeaders headers = new RecordHeaders();
    CloudEventHeaders.of(event, SOURCE)
        .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
    return headers;
  }

  private static Map<String, String> headersOf(ConsumerRecord<String, byte[]> record) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }

  private KafkaProducer<String, byte[]> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(props);
  }

  private KafkaConsumer<String, byte[]> consumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "contracts-round-trip-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(props);
  }
}
