package dev.pilot.platform.events;

import dev.pilot.contracts.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.converter.BatchMessagingMessageConverter;
import org.springframework.messaging.Message;

/**
 * Reads the per-record headers of a batch-mode message (and the type of a single record) without
 * decoding the records.
 */
public final class BatchRecords {

  /**
   * The name of the {@link #converter()} bean, for a batch binding's {@code
   * spring.cloud.stream.kafka.bindings.<binding>.consumer.converter-bean-name}.
   */
  public static final String CONVERTER = "batchRecordsConverter";

  private BatchRecords() {}

  /**
   * The message converter of batch bindings: each record's headers are handed over as Kafka
   * delivered them ({@link KafkaHeaders#NATIVE_HEADERS}), and {@link #header} reads only the ones
   * asked for. The binder's default maps every header of every record into a map of its own, with a
   * JSON type check per header, before the listener sees the batch, also for the records a consumer
   * then skips by their {@code ce_type} (11 of a run's 12 in approval-service).
   */
  public static BatchMessagingMessageConverter converter() {
    BatchMessagingMessageConverter converter = new BatchMessagingMessageConverter();
    converter.setHeaderMapper(null);
    return converter;
  }

  /**
   * The event type that record {@code index} announces in its {@code ce_type} header ({@code
   * dev.pilot.StepCompleted.v1} gives {@code StepCompleted}), or empty when the record has no such
   * header (or one of another form): then only its JSON can tell.
   */
  public static Optional<String> eventType(Message<List<byte[]>> batch, int index) {
    return header(batch, index, CloudEventHeaders.TYPE).flatMap(BatchRecords::eventTypeOf);
  }

  /**
   * The event type that a single-record message announces in its {@code ce_type} header, read as
   * {@link #eventType(Message, int)} reads a batch's.
   */
  public static Optional<String> eventType(Message<byte[]> record) {
    return text(record.getHeaders().get(CloudEventHeaders.TYPE)).flatMap(BatchRecords::eventTypeOf);
  }

  static Optional<String> eventTypeOf(String ceType) {
    if (!ceType.startsWith(CloudEventHeaders.TYPE_PREFIX)) {
      return Optional.empty();
    }
    int version = ceType.lastIndexOf(".v");
    if (version <= CloudEventHeaders.TYPE_PREFIX.length()) {
      return Optional.empty();
    }
    return Optional.of(ceType.substring(CloudEventHeaders.TYPE_PREFIX.length(), version));
  }

  /** The W3C {@code traceparent} header of record {@code index}, if it carries one. */
  public static Optional<String> traceparent(Message<List<byte[]>> batch, int index) {
    return header(batch, index, CloudEventHeaders.TRACEPARENT);
  }

  /** The event id record {@code index} announces in its {@code ce_id} header. */
  public static Optional<UUID> eventId(Message<List<byte[]>> batch, int index) {
    try {
      return header(batch, index, CloudEventHeaders.ID).map(UUID::fromString);
    } catch (IllegalArgumentException notAnId) {
      return Optional.empty();
    }
  }

  /** A header of record {@code index}, as the binder mapped it or as Kafka delivered it. */
  public static Optional<String> header(Message<List<byte[]>> batch, int index, String name) {
    Object converted = at(batch.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS), index);
    if (converted instanceof Map<?, ?> headers) {
      return text(headers.get(name));
    }
    Object raw = at(batch.getHeaders().get(KafkaHeaders.NATIVE_HEADERS), index);
    if (raw instanceof Headers headers) {
      Header header = headers.lastHeader(name);
      return header == null ? Optional.empty() : text(header.value());
    }
    return Optional.empty();
  }

  private static Object at(Object values, int index) {
    return values instanceof List<?> list && index < list.size() ? list.get(index) : null;
  }

  private static Optional<String> text(Object value) {
    if (value instanceof byte[] bytes) {
      return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }
    return value == null ? Optional.empty() : Optional.of(value.toString());
  }
}
