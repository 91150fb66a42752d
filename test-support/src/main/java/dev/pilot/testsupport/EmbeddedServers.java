package dev.pilot.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * An in-process KRaft broker and an embedded PostgreSQL 17 (which runs itself under unshare as
 * root).
 */
final class EmbeddedServers implements Infrastructure.Servers {

  private final EmbeddedKafkaKraftBroker kafka;
  private final EmbeddedPostgres postgres;

  private EmbeddedServers(EmbeddedKafkaKraftBroker kafka, EmbeddedPostgres postgres) {
    this.kafka = kafka;
    this.postgres = postgres;
  }

  static EmbeddedServers start() {
    EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 3);
    kafka.brokerProperties(
        Map.of(
            "num.partitions", "3",
            "auto.create.topics.enable", "true",
            "group.initial.rebalance.delay.ms", "0",
            "offsets.topic.replication.factor", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1"));
    kafka.afterPropertiesSet();
    try {
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setServerConfig("max_connections", "300")
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              // Stopped by Infrastructure after Spring has closed its contexts: a JVM shutdown
              // hook of its own would stop it while they are still using it.
              .setRegisterShutdownHook(false)
              .start();
      return new EmbeddedServers(kafka, postgres);
    } catch (IOException e) {
      kafka.destroy();
      throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
    }
  }

  @Override
  public String kafkaBootstrapServers() {
    return kafka.getBrokersAsString();
  }

  @Override
  public String jdbcUrl(String database) {
    return postgres.getJdbcUrl("postgres", database);
  }

  @Override
  public String postgresUser() {
    return "postgres";
  }

  @Override
  public String postgresPassword() {
    return "postgres";
  }

  @Override
  public void stop() {
    kafka.destroy();
    try {
      postgres.close();
    } catch (IOException ignored) {
      // the JVM is exiting; the temp data directory goes with it
    }
  }
}
