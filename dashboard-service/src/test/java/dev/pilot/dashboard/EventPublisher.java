package dev.pilot.dashboard;

import dev.pilot.contracts.PilotEvent;
import dev.pilot.contracts.Topics;
import dev.pilot.contracts.approval.ApprovalEvent;
import dev.pilot.testsupport.Infrastructure;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/** Publishes contract events as the other services would: JSON keyed by execution id. */
public final class EventPublisher implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final KafkaProducer<String, String> producer;

  public EventPublisher() {
    this(Infrastructure.get().kafkaBootstrapServers());
  }

  public EventPublisher(String bootstrapServers) {
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                0),
            new StringSerializer(),
            new StringSerializer());
  }

  public static String json(PilotEvent event) {
    return JSON.writeValueAsString(event);
  }

  /** Sends and waits for the broker's acknowledgement. */
  public void publish(PilotEvent... events) {
    for (PilotEvent event : events) {
      String topic =
          event instanceof ApprovalEvent ? Topics.APPROVAL_EVENTS : Topics.EXECUTION_EVENTS;
      try {
        producer
            .send(new ProducerRecord<>(topic, event.executionId().toString(), json(event)))
            .get();
      } catch (Exception e) {
        throw new IllegalStateException("Kafka did not take " + event, e);
      }
    }
  }

  /** Sends a record as given (e.g. content no consumer can apply) and waits for the broker. */
  public void publishRaw(String topic, String key, String json) {
    try {
      producer.send(new ProducerRecord<>(topic, key, json)).get();
    } catch (Exception e) {
      throw new IllegalStateException("Kafka did not take a record for " + topic, e);
    }
  }

  /** Sends without waiting for each acknowledgement, then flushes (for bulk loads). */
  public void publishAll(java.util.List<? extends PilotEvent> events) {
    for (PilotEvent event : events) {
      String topic =
          event instanceof ApprovalEvent ? Topics.APPROVAL_EVENTS : Topics.EXECUTION_EVENTS;
      producer.send(new ProducerRecord<>(topic, event.executionId().toString(), json(event)));
    }
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
