package dev.pilot.platform.events;

import dev.pilot.platform.kafka.KafkaClients;
import io.micrometer.core.instrument.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Dead-letters malformed records of a batch-mode consumer to {@code
 * <topic>.<spring.application.name>.dlq} with the reason in {@code x-exception-message} (and {@code
 * x-exception-fqcn}, {@code x-original-topic/partition/offset}), as the binder does per record
 * outside batch mode. Each record is sent and acknowledged before {@link #send} returns, so before
 * the batch's offsets are committed: a crash can duplicate a dead letter but never lose one.
 */
public class BatchDeadLetters implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(BatchDeadLetters.class);

  private final String service;
  private final KafkaClients kafka;
  private volatile KafkaProducer<byte[], byte[]> producer;

  public BatchDeadLetters(String service, KafkaClients kafka) {
    this.service = service;
    this.kafka = kafka;
  }

  /** The dead-letter topic of {@code topic} for consumers of {@code service}. */
  public static String topicFor(String topic, String service) {
    return topic + "." + service + ".dlq";
  }

  /** The dead-letter topic declared up front, so it exists before the first malformed record. */
  public static NewTopic declare(String topic, String service, int partitions) {
    return TopicBuilder.name(topicFor(topic, service)).partitions(partitions).build();
  }

  /**
   * The error handler of a batch-mode consumer: a batch that fails for any reason but a malformed
   * record (the database is away, a deadlock) is retried whole, with back-off up to 5 s, until it
   * applies. Consumers are idempotent, and skipping the batch would lose events.
   */
  public static CommonErrorHandler retryingWholeBatches() {
    ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
    backOff.setMaxInterval(5_000);
    return new DefaultErrorHandler(backOff);
  }

  /**
   * Decodes the records of a batch from {@code topic} in order: a record whose {@code ce_type}
   * announces a type {@code skipped} rules out is passed over unread; a malformed one (the reader
   * throws {@link MalformedEventException}) is dead-lettered and the rest carry on.
   */
  public <E> List<E> decode(
      Message<List<byte[]>> batch,
      String topic,
      Predicate<String> skipped,
      Function<byte[], Optional<? extends E>> reader) {
    List<byte[]> payloads = batch.getPayload();
    List<E> events = new ArrayList<>(payloads.size());
    for (int i = 0; i < payloads.size(); i++) {
      if (BatchRecords.eventType(batch, i).filter(skipped).isPresent()) {
        continue;
      }
      try {
        reader.apply(payloads.get(i)).ifPresent(events::add);
      } catch (MalformedEventException e) {
        send(topic, batch, i, e);
      }
    }
    return events;
  }

  /** Dead-letters record {@code index} of the batch received from {@code topic}. */
  public void send(String topic, Message<List<byte[]>> batch, int index, Exception reason) {
    String deadLetterTopic = topicFor(topic, service);
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(deadLetterTopic, key(batch, index), batch.getPayload().get(index));
    String message = String.valueOf(reason.getMessage());
    record.headers().add("x-exception-message", utf8(message));
    record.headers().add("x-exception-fqcn", utf8(reason.getClass().getName()));
    record.headers().add("x-original-topic", utf8(topic));
    Object partition = at(batch, KafkaHeaders.RECEIVED_PARTITION, index);
    Object offset = at(batch, KafkaHeaders.OFFSET, index);
    if (partition != null) {
      record.headers().add("x-original-partition", utf8(partition.toString()));
    }
    if (offset != null) {
      record.headers().add("x-original-offset", utf8(offset.toString()));
    }
    try {
      producer().send(record).get();
      // pilot_dead_letters_total{topic}: the alert rules watch it (deploy/observability).
      Metrics.counter("pilot.dead.letters", "topic", topic).increment();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while dead-lettering", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not dead-letter a record of " + topic, e);
    }
    log.warn(
        "Dead-lettered a malformed record of {} (partition {}, offset {}) to {}: {}",
        topic,
        partition,
        offset,
        deadLetterTopic,
        message);
  }

  private static byte[] key(Message<List<byte[]>> batch, int index) {
    Object key = at(batch, KafkaHeaders.RECEIVED_KEY, index);
    if (key instanceof byte[] bytes) {
      return bytes;
    }
    return key == null ? null : utf8(key.toString());
  }

  private static Object at(Message<?> batch, String header, int index) {
    Object values = batch.getHeaders().get(header);
    return values instanceof List<?> list && index < list.size() ? list.get(index) : null;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private KafkaProducer<byte[], byte[]> producer() {
    KafkaProducer<byte[], byte[]> p = producer;
    if (p == null) {
      synchronized (this) {
        if (producer == null) {
          producer =
              new KafkaProducer<>(
                  kafka.producer(
                      Map.of(
                          ProducerConfig.ACKS_CONFIG,
                          "all",
                          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                          true)),
                  new ByteArraySerializer(),
                  new ByteArraySerializer());
        }
        p = producer;
      }
    }
    return p;
  }

  @Override
  public void destroy() {
    KafkaProducer<byte[], byte[]> p = producer;
    if (p != null) {
      p.close();
    }
  }
}
