package dev.pilot.localstack.infrastructure;

import dev.pilot.localstack.kafka.KafkaSettings;
import dev.pilot.localstack.ports.RequiredPort;
import dev.pilot.localstack.postgres.PostgresSettings;
import java.nio.file.Path;
import java.util.List;

/** The broker's and the database's ports and data directories. */
public record InfrastructureSettings(KafkaSettings kafka, PostgresSettings postgres) {

  /**
   * The local stack's fixed ports (Kafka 9092 and 9093, PostgreSQL 5432) with everything kept under
   * {@code dataDir} ({@code kafka/}, {@code postgres/}, {@code logs/}).
   */
  public static InfrastructureSettings local(Path dataDir) {
    return under(dataDir, 9092, 9093, 5432);
  }

  /** The same layout on other ports (tests and system tests pick free ones). */
  public static InfrastructureSettings under(
      Path dataDir, int kafkaPort, int controllerPort, int postgresPort) {
    return new InfrastructureSettings(
        new KafkaSettings(kafkaPort, controllerPort, dataDir.resolve("kafka")),
        PostgresSettings.pilot(
            postgresPort, dataDir.resolve("postgres"), dataDir.resolve("logs/postgres.log")));
  }

  public List<RequiredPort> requiredPorts() {
    return List.of(
        new RequiredPort(kafka.port(), "the Kafka broker"),
        new RequiredPort(kafka.controllerPort(), "the Kafka controller"),
        new RequiredPort(postgres.port(), "PostgreSQL"));
  }
}
