package dev.pilot.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Records every record published to some topics from the moment it is opened, as another team's
 * consumer would see them. Close it when done.
 */
public final class TopicRecorder implements AutoCloseable {

  private final KafkaConsumer<String, String> consumer;
  private final List<ConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();
  private final Thread poller;
  private volatile boolean assigned;

  private TopicRecorder(String bootstrapServers, List<String> topics) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-recorder-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumer = new KafkaConsumer<>(props);
    consumer.subscribe(
        topics,
        new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(
              java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {}

          @Override
          public void onPartitionsAssigned(
              java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            assigned = true;
          }
        });
    poller = new Thread(this::poll, "topic-recorder");
    poller.setDaemon(true);
    poller.start();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> assigned);
  }

  /** Starts recording the given topics of the shared test broker. */
  public static TopicRecorder open(String... topics) {
    return new TopicRecorder(Infrastructure.get().kafkaBootstrapServers(), List.of(topics));
  }

  /** Starts recording the given topics of any broker. */
  public static TopicRecorder open(String bootstrapServers, List<String> topics) {
    return new TopicRecorder(bootstrapServers, topics);
  }

  private void poll() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    } catch (WakeupException stop) {
      // closing
    } finally {
      consumer.close();
    }
  }

  public List<ConsumerRecord<String, String>> records() {
    return new ArrayList<>(records);
  }

  /** Values of records whose key is the given execution id, in the order they arrived. */
  public List<String> valuesFor(Object executionId) {
    return records.stream()
        .filter(r -> executionId.toString().equals(r.key()))
        .map(ConsumerRecord::value)
        .toList();
  }

  public List<ConsumerRecord<String, String>> matching(
      Predicate<ConsumerRecord<String, String>> p) {
    return records.stream().filter(p).toList();
  }

  @Override
  public void close() {
    consumer.wakeup();
    try {
      poller.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
