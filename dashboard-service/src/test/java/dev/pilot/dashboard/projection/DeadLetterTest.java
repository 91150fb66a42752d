package dev.pilot.dashboard.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.ExecutionScenario;
import dev.pilot.dashboard.ReadModel;
import dev.pilot.testsupport.Infrastructure;
import dev.pilot.testsupport.TopicRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DeadLetterTest extends DashboardTest {

  private static final String EXECUTION_DLQ = "execution-events.dashboard-service.dlq";
  private static final String APPROVAL_DLQ = "approval-events.dashboard-service.dlq";

  @Test
  void malformedRecordsGoToTheDeadLetterTopicsWithTheReasonAndTheRestOfTheBatchIsApplied() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    String key = run.executionId.toString();
    try (TopicRecorder dlq = TopicRecorder.open(EXECUTION_DLQ, APPROVAL_DLQ);
        KafkaProducer<String, String> raw = producer()) {
      raw.send(new ProducerRecord<>("execution-events", key, "{not json"));
      raw.send(new ProducerRecord<>("approval-events", key, "{\"event_type\":42}"));
      raw.flush();
      events.publish(run.started(), run.stepStarted(0));

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> dlq.matching(r -> key.equals(r.key())).size() >= 2);
      List<ConsumerRecord<String, String>> dead = dlq.matching(r -> key.equals(r.key()));
      assertThat(dead).extracting(ConsumerRecord::topic).contains(EXECUTION_DLQ, APPROVAL_DLQ);
      assertThat(dead)
          .filteredOn(r -> r.topic().equals(EXECUTION_DLQ))
          .first()
          .satisfies(
              r -> {
                assertThat(r.value()).isEqualTo("{not json");
                assertThat(header(r, "x-exception-message")).isNotBlank();
              });
      assertThat(dead)
          .filteredOn(r -> r.topic().equals(APPROVAL_DLQ))
          .first()
          .satisfies(r -> assertThat(header(r, "x-exception-message")).isNotBlank());
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> new ReadModel(as("alice")).running(run.executionId).isPresent());
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            Infrastructure.get().kafkaBootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new StringSerializer(),
        new StringSerializer());
  }
}
