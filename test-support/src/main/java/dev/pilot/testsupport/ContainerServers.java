package dev.pilot.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Kafka (KRaft) and PostgreSQL 17 in containers, for machines with a Docker engine. */
final class ContainerServers implements Infrastructure.Servers {

  private final KafkaContainer kafka;
  private final PostgreSQLContainer postgres;

  private ContainerServers(KafkaContainer kafka, PostgreSQLContainer postgres) {
    this.kafka = kafka;
    this.postgres = postgres;
  }

  static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  static ContainerServers start() {
    KafkaContainer kafka =
        new KafkaContainer("apache/kafka:4.1.2").withEnv("KAFKA_NUM_PARTITIONS", "3");
    PostgreSQLContainer postgres =
        new PostgreSQLContainer("postgres:17").withCommand("postgres", "-c", "max_connections=300");
    kafka.start();
    postgres.start();
    return new ContainerServers(kafka, postgres);
  }

  @Override
  public String kafkaBootstrapServers() {
    return kafka.getBootstrapServers();
  }

  @Override
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://%s:%d/%s"
        .formatted(postgres.getHost(), postgres.getMappedPort(5432), database);
  }

  @Override
  public String postgresUser() {
    return postgres.getUsername();
  }

  @Override
  public String postgresPassword() {
    return postgres.getPassword();
  }

  @Override
  public void stop() {
    kafka.stop();
    postgres.stop();
  }
}
