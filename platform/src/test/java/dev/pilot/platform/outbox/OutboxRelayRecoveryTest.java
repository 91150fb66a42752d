package dev.pilot.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.Topics;
import dev.pilot.contracts.execution.ExecutionResumed;
import dev.pilot.platform.kafka.KafkaClients;
import dev.pilot.testsupport.Infrastructure;
import dev.pilot.testsupport.RealInfrastructure;
import dev.pilot.testsupport.TopicRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The relay's own producer is off here: each test drives a relay whose producers it chooses. */
@SpringBootTest(
    properties = {"spring.flyway.locations=classpath:db/platform", "pilot.outbox.enabled=false"})
@RealInfrastructure
class OutboxRelayRecoveryTest {

  @SpringBootApplication
  static class App {}

  @Autowired Outbox outbox;
  @Autowired TransactionTemplate transactions;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;

  @Test
  void resendsInOrderThroughAFreshProducerAfterASendFailed() {
    UUID execution = UUID.randomUUID();
    transactions.executeWithoutResult(
        tx ->
            outbox.appendAll(
                Topics.EXECUTION_EVENTS,
                LongStream.rangeClosed(1, 5).mapToObj(seq -> resumed(execution, seq)).toList()));
    List<Producer<String, byte[]>> made = new CopyOnWriteArrayList<>();
    OutboxRelay relay =
        new OutboxRelay(
            dataSource,
            () -> {
              // The first producer cannot reach any broker: its sends fail.
              Producer<String, byte[]> producer =
                  made.isEmpty() ? producer("127.0.0.1:1") : producer(kafka());
              made.add(producer);
              return producer;
            },
            new OutboxProperties(
                true, 500, Duration.ofMillis(100), Duration.ofSeconds(10), "/test"));

    try (TopicRecorder recorder = TopicRecorder.open(Topics.EXECUTION_EVENTS)) {
      relay.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(recorder.valuesFor(execution)).hasSize(5));
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(
                          jdbc.sql("select count(*) from outbox_events").query(Long.class).single())
                      .isZero());
      assertThat(recorder.valuesFor(execution))
          .extracting(json -> json.replaceAll(".*\"sequence\":(\\d+).*", "$1"))
          .containsExactly("1", "2", "3", "4", "5");
      assertThat(made).hasSize(2);
      assertThatThrownBy(
              () -> made.get(0).send(new ProducerRecord<>(Topics.EXECUTION_EVENTS, new byte[0])))
          .as("the failed producer was closed")
          .isInstanceOf(IllegalStateException.class);
    } finally {
      relay.stop();
      relay.destroy();
    }
  }

  private static String kafka() {
    return Infrastructure.get().kafkaBootstrapServers();
  }

  private static Producer<String, byte[]> producer(String bootstrapServers) {
    KafkaProperties kafka = new KafkaProperties();
    kafka.setBootstrapServers(List.of(bootstrapServers));
    Map<String, Object> config =
        new HashMap<>(
            OutboxAutoConfiguration.producerConfig(
                new KafkaClients(kafka), "relay-recovery-test", Duration.ofSeconds(10)));
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000);
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  private static ExecutionResumed resumed(UUID execution, long sequence) {
    return new ExecutionResumed(UUID.randomUUID(), Instant.now(), execution, sequence, "alice");
  }
}
