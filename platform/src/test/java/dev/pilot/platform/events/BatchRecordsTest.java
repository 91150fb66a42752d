package dev.pilot.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

class BatchRecordsTest {

  private static final byte[] JSON = "{}".getBytes(StandardCharsets.UTF_8);

  @Test
  void readsTheEventTypeOfEachRecordFromItsMappedCloudEventsHeader() {
    Message<List<byte[]>> batch =
        MessageBuilder.withPayload(List.of(JSON, JSON, JSON))
            .setHeader(
                KafkaHeaders.BATCH_CONVERTED_HEADERS,
                List.of(
                    Map.of(
                        "ce_type", "dev.pilot.StepCompleted.v1".getBytes(StandardCharsets.UTF_8)),
                    Map.of("ce_type", "dev.pilot.ApprovalRequested.v2"),
                    Map.of()))
            .build();

    assertThat(BatchRecords.eventType(batch, 0)).contains("StepCompleted");
    assertThat(BatchRecords.eventType(batch, 1)).contains("ApprovalRequested");
    assertThat(BatchRecords.eventType(batch, 2)).isEmpty();
  }

  @Test
  void readsTheEventTypeFromNativeKafkaHeadersToo() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("ce_type", "dev.pilot.StepStarted.v1".getBytes(StandardCharsets.UTF_8));
    Message<List<byte[]>> batch =
        MessageBuilder.withPayload(List.of(JSON))
            .setHeader(KafkaHeaders.NATIVE_HEADERS, List.of(headers))
            .build();

    assertThat(BatchRecords.eventType(batch, 0)).contains("StepStarted");
  }

  @Test
  void theBatchConverterHandsEachRecordsHeadersOverUnmapped() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("ce_type", "dev.pilot.StepCompleted.v1".getBytes(StandardCharsets.UTF_8));
    headers.add("ce_id", "0b6c8a4e-3f0d-4a55-9d3e-0d5f0a8e5a01".getBytes(StandardCharsets.UTF_8));
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(
            "execution-events",
            2,
            7L,
            0L,
            TimestampType.CREATE_TIME,
            0,
            JSON.length,
            "key".getBytes(StandardCharsets.UTF_8),
            JSON,
            headers,
            Optional.empty());

    Message<?> batch = BatchRecords.converter().toMessage(List.of(record), null, null, null);

    assertThat(batch.getHeaders()).doesNotContainKey(KafkaHeaders.BATCH_CONVERTED_HEADERS);
    assertThat(batch.getHeaders().get(KafkaHeaders.NATIVE_HEADERS)).isEqualTo(List.of(headers));
    @SuppressWarnings("unchecked")
    Message<List<byte[]>> records = (Message<List<byte[]>>) batch;
    assertThat(BatchRecords.eventType(records, 0)).contains("StepCompleted");
    assertThat(BatchRecords.eventId(records, 0))
        .contains(UUID.fromString("0b6c8a4e-3f0d-4a55-9d3e-0d5f0a8e5a01"));
    assertThat(records.getHeaders().get(KafkaHeaders.OFFSET)).isEqualTo(List.of(7L));
  }

  @Test
  void readsTheEventTypeOfASingleRecordMessage() {
    Message<byte[]> resolved =
        MessageBuilder.withPayload(JSON)
            .setHeader("ce_type", "dev.pilot.ApprovalResolved.v1".getBytes(StandardCharsets.UTF_8))
            .build();
    Message<byte[]> untyped = MessageBuilder.withPayload(JSON).build();

    assertThat(BatchRecords.eventType(resolved)).contains("ApprovalResolved");
    assertThat(BatchRecords.eventType(untyped)).isEmpty();
  }

  @Test
  void aTypeOfAnotherFormTellsNothing() {
    assertThat(BatchRecords.eventTypeOf("com.example.StepStarted.v1")).isEmpty();
    assertThat(BatchRecords.eventTypeOf("dev.pilot.StepStarted")).isEmpty();
    assertThat(BatchRecords.eventTypeOf("dev.pilot..v1")).isEmpty();
  }
}
