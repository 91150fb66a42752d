package dev.pilot.localstack.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pilot.localstack.ports.FreePorts;
import dev.pilot.localstack.ports.PortInUseException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfrastructureProcessTest {

  private static final TopicPartition NOTES = new TopicPartition("local-stack-notes", 0);

  @TempDir Path dataDir;

  @Test
  void keepsKafkaRecordsAndDatabaseRowsAcrossRestarts() throws Exception {
    InfrastructureSettings settings = onFreePorts();

    try (InfrastructureProcess infrastructure = InfrastructureProcess.start(settings)) {
      publish(infrastructure, "written before the restart");
      assertThat(readAll(infrastructure)).containsExactly("written before the restart");
      execute(
          infrastructure,
          "CREATE TABLE notes (text varchar(100))",
          "INSERT INTO notes VALUES ('kept')");

      infrastructure.stopKafka();
      infrastructure.stopPostgres();
      infrastructure.startKafka();
      infrastructure.startPostgres();

      assertThat(readAll(infrastructure)).containsExactly("written before the restart");
      assertThat(query(infrastructure, "SELECT text FROM notes")).containsExactly("kept");
    }

    try (InfrastructureProcess restarted = InfrastructureProcess.start(settings)) {
      assertThat(readAll(restarted)).containsExactly("written before the restart");
      assertThat(query(restarted, "SELECT current_user || ':' || text FROM notes"))
          .containsExactly("pilot:kept");
    }
  }

  /**
   * The embedded server's library turns fsync off for tests; the local stack (and the benchmark,
   * which starts the same server) must not lose or corrupt committed rows when the machine stops.
   */
  @Test
  void theDatabaseFlushesItsWriteAheadLogToDisk() throws Exception {
    try (InfrastructureProcess infrastructure = InfrastructureProcess.start(onFreePorts())) {
      assertThat(query(infrastructure, "SHOW fsync")).containsExactly("on");
    }
  }

  @Test
  void refusesToStartWhenAPortIsTakenAndStartsNothing() throws Exception {
    try (ServerSocket squatter = new ServerSocket(0)) {
      int kafka = FreePorts.pick();
      InfrastructureSettings settings =
          InfrastructureSettings.under(dataDir, kafka, FreePorts.pick(), squatter.getLocalPort());

      assertThatThrownBy(() -> InfrastructureProcess.start(settings))
          .isInstanceOf(PortInUseException.class)
          .hasMessageContaining("Port " + squatter.getLocalPort())
          .hasMessageContaining("PostgreSQL");
      assertThat(FreePorts.isFree(kafka)).as("Kafka was not started").isTrue();
      assertThat(dataDir).isEmptyDirectory();
    }
  }

  private InfrastructureSettings onFreePorts() {
    return InfrastructureSettings.under(
        dataDir, FreePorts.pick(), FreePorts.pick(), FreePorts.pick());
  }

  private static void publish(InfrastructureProcess infrastructure, String value) throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      producer.send(new ProducerRecord<>(NOTES.topic(), NOTES.partition(), "note", value)).get();
    }
  }

  private static List<String> readAll(InfrastructureProcess infrastructure) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.assign(List.of(NOTES));
      consumer.seekToBeginning(List.of(NOTES));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
                return !values.isEmpty();
              });
    }
    return values;
  }

  private static void execute(InfrastructureProcess infrastructure, String... statements)
      throws SQLException {
    try (Connection connection = infrastructure.postgres().connection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static List<String> query(InfrastructureProcess infrastructure, String sql)
      throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = infrastructure.postgres().connection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows.add(result.getString(1));
      }
    }
    return rows;
  }
}
