package dev.pilot.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.CloudEventHeaders;
import dev.pilot.contracts.Topics;
import dev.pilot.contracts.execution.ExecutionResumed;
import dev.pilot.testsupport.RealInfrastructure;
import dev.pilot.testsupport.TopicRecorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(properties = "spring.flyway.locations=classpath:db/platform")
@RealInfrastructure
class OutboxRelayTest {

  @SpringBootApplication
  static class App {}

  @Autowired Outbox outbox;
  @Autowired TransactionTemplate transactions;
  @Autowired JdbcClient jdbc;
  @Autowired OutboxRelay relay;

  @Test
  void publishesCommittedEventsInOrderWithCloudEventHeadersAndEmptiesTheOutbox() {
    UUID execution = UUID.randomUUID();
    try (TopicRecorder recorder = TopicRecorder.open(Topics.EXECUTION_EVENTS)) {
      transactions.executeWithoutResult(
          tx -> {
            for (long sequence = 1; sequence <= 5; sequence++) {
              outbox.append(Topics.EXECUTION_EVENTS, resumed(execution, sequence));
            }
          });

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(recorder.valuesFor(execution)).hasSize(5));
      assertThat(recorder.valuesFor(execution))
          .extracting(json -> json.replaceAll(".*\"sequence\":(\\d+).*", "$1"))
          .containsExactly("1", "2", "3", "4", "5");
      ConsumerRecord<String, String> first =
          recorder.matching(r -> execution.toString().equals(r.key())).get(0);
      assertThat(header(first, CloudEventHeaders.TYPE)).isEqualTo("dev.pilot.ExecutionResumed.v1");
      assertThat(header(first, CloudEventHeaders.SUBJECT)).isEqualTo(execution.toString());
      assertThat(header(first, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
      // Tracing is off here (no OTEL_EXPORTER_OTLP_ENDPOINT): no trace context is sent.
      assertThat(first.headers().lastHeader(CloudEventHeaders.TRACEPARENT)).isNull();
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(
                          jdbc.sql("select count(*) from outbox_events").query(Long.class).single())
                      .isZero());
    }
  }

  @Test
  void publishesNothingForARolledBackTransaction() {
    UUID rolledBack = UUID.randomUUID();
    UUID committed = UUID.randomUUID();
    try (TopicRecorder recorder = TopicRecorder.open(Topics.EXECUTION_EVENTS)) {
      transactions.executeWithoutResult(
          tx -> {
            outbox.append(Topics.EXECUTION_EVENTS, resumed(rolledBack, 1));
            tx.setRollbackOnly();
          });
      transactions.executeWithoutResult(
          tx -> outbox.append(Topics.EXECUTION_EVENTS, resumed(committed, 1)));

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(recorder.valuesFor(committed)).hasSize(1));
      assertThat(recorder.valuesFor(rolledBack)).isEmpty();
    }
  }

  @Test
  void aStoppedRelayLeavesNoLockBehindAndRelaysAgainWhenStarted() {
    // As when a cached test context is paused and resumed, or the relay failed and retries: the
    // connection it used goes back to the pool, not away, and must not keep the lock (another
    // connection, the next run's, would then never get it).
    relay.stop();

    assertThat(
            jdbc.sql("select count(*) from pg_locks where locktype = 'advisory'")
                .query(Long.class)
                .single())
        .isZero();
    relay.start();
    publishesAgain();
  }

  @Test
  void aRelayWhoseConnectionWasLostTakesTheLockAgainAndRelays() {
    await().atMost(Duration.ofSeconds(10)).until(relay::isLeader);

    jdbc.sql(
            "select pg_terminate_backend(pid) from pg_locks"
                + " where locktype = 'advisory' and pid <> pg_backend_pid()")
        .query()
        .listOfRows();

    await().atMost(Duration.ofSeconds(10)).until(() -> !relay.isLeader());
    publishesAgain();
    assertThat(relay.isLeader()).isTrue();
  }

  private void publishesAgain() {
    UUID execution = UUID.randomUUID();
    try (TopicRecorder recorder = TopicRecorder.open(Topics.EXECUTION_EVENTS)) {
      transactions.executeWithoutResult(
          tx -> outbox.append(Topics.EXECUTION_EVENTS, resumed(execution, 1)));

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(recorder.valuesFor(execution)).hasSize(1));
    }
  }

  private static ExecutionResumed resumed(UUID execution, long sequence) {
    return new ExecutionResumed(UUID.randomUUID(), Instant.now(), execution, sequence, "alice");
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
