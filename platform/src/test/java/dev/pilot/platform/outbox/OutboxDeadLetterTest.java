package dev.pilot.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.Topics;
import dev.pilot.contracts.execution.ExecutionResumed;
import dev.pilot.testsupport.Infrastructure;
import dev.pilot.testsupport.RealInfrastructure;
import dev.pilot.testsupport.TopicRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A row the broker can never take goes to {@code outbox_dead_letters}; the events behind it, of
 * every execution, are published as if it had not been there.
 */
@SpringBootTest(properties = "spring.flyway.locations=classpath:db/platform")
@RealInfrastructure
class OutboxDeadLetterTest {

  @SpringBootApplication
  static class App {}

  @Autowired Outbox outbox;
  @Autowired TransactionTemplate transactions;
  @Autowired JdbcClient jdbc;
  @Autowired MeterRegistry metrics;

  @Test
  void movesAnEventLargerThanAnyRecordAsideAndPublishesTheEventsBehindIt() {
    UUID huge = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    double before = deadLettered();
    try (TopicRecorder recorder = TopicRecorder.open(Topics.EXECUTION_EVENTS)) {
      transactions.executeWithoutResult(
          tx -> {
            // ~1.2 M characters: above the producer's and the broker's 1 MiB record limit.
            outbox.append(
                Topics.EXECUTION_EVENTS,
                new ExecutionResumed(
                    UUID.randomUUID(), Instant.now(), huge, 1, "x".repeat(1_200_000)));
            outbox.append(Topics.EXECUTION_EVENTS, resumed(huge, 2));
            outbox.append(Topics.EXECUTION_EVENTS, resumed(other, 1));
          });

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                assertThat(recorder.valuesFor(other)).hasSize(1);
                assertThat(recorder.valuesFor(huge)).hasSize(1);
              });
      assertThat(recorder.valuesFor(huge).get(0)).contains("\"sequence\":2");
      assertThat(deadLetters(huge)).containsExactly("RecordTooLargeException");
      assertThat(deadLettered()).isEqualTo(before + 1);
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(outboxSize()).isZero());
    }
  }

  @Test
  void movesAnEventTheBrokerRefusesAsTooLargeAsideAndCarriesOn() throws Exception {
    // The topic takes less than a producer request may carry (but more than a producer batch, as
    // the broker's default does), so the broker, not the producer, refuses the record.
    String topic = "small-records-" + UUID.randomUUID();
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.get().kafkaBootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, 1, (short) 1).configs(Map.of("max.message.bytes", "100000"))))
          .all()
          .get();
    }
    UUID refused = UUID.randomUUID();
    UUID behind = UUID.randomUUID();
    try (TopicRecorder recorder = TopicRecorder.open(topic)) {
      transactions.executeWithoutResult(
          tx -> {
            insertRaw(topic, refused, "{\"padding\":\"" + "y".repeat(200_000) + "\"}");
            insertRaw(topic, behind, "{}");
          });

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(recorder.valuesFor(behind)).isNotEmpty();
                assertThat(deadLetters(refused)).containsExactly("RecordTooLargeException");
              });
      assertThat(recorder.valuesFor(refused)).isEmpty();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(outboxSize()).isZero());
    }
  }

  private void insertRaw(String topic, UUID execution, String payload) {
    jdbc.sql(
            "insert into outbox_events (topic, message_key, event_id, event_type, schema_version,"
                + " occurred_at, payload) values (?, ?, ?, 'dev.pilot.ExecutionResumed', 1, ?, ?)")
        .params(
            topic, execution.toString(), UUID.randomUUID(), Timestamp.from(Instant.now()), payload)
        .update();
  }

  private List<String> deadLetters(UUID execution) {
    return jdbc
        .sql("select reason from outbox_dead_letters where message_key = ?")
        .param(execution.toString())
        .query(String.class)
        .list()
        .stream()
        .map(reason -> reason.replaceAll("^(?:.*\\.)?(\\w+Exception).*$", "$1"))
        .toList();
  }

  private long outboxSize() {
    return jdbc.sql("select count(*) from outbox_events").query(Long.class).single();
  }

  private double deadLettered() {
    var counter = metrics.find(OutboxDeadLetters.METRIC).counter();
    return counter == null ? 0 : counter.count();
  }

  private static ExecutionResumed resumed(UUID execution, long sequence) {
    return new ExecutionResumed(UUID.randomUUID(), Instant.now(), execution, sequence, "alice");
  }
}
