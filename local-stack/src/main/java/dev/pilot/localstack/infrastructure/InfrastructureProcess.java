package dev.pilot.localstack.infrastructure;

import dev.pilot.localstack.kafka.KafkaBroker;
import dev.pilot.localstack.ports.FreePorts;
import dev.pilot.localstack.postgres.PostgresServer;
import dev.pilot.localstack.threads.ThreadPerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Kafka and PostgreSQL running inside this JVM (PostgreSQL as its own server process): what the
 * services need. System tests can stop and start either on its own to see the services ride through
 * an outage.
 */
public final class InfrastructureProcess implements AutoCloseable {

  private final InfrastructureSettings settings;
  private volatile PostgresServer postgres;
  private volatile KafkaBroker kafka;

  private InfrastructureProcess(
      InfrastructureSettings settings, PostgresServer postgres, KafkaBroker kafka) {
    this.settings = settings;
    this.postgres = postgres;
    this.kafka = kafka;
  }

  /**
   * Checks every port first, then starts both side by side.
   *
   * @throws dev.pilot.localstack.ports.PortInUseException before starting anything
   */
  public static InfrastructureProcess start(InfrastructureSettings settings) {
    FreePorts.require(settings.requiredPorts());
    ThreadPerTask starters = ThreadPerTask.named("infrastructure-start");
    CompletableFuture<PostgresServer> postgres =
        CompletableFuture.supplyAsync(() -> PostgresServer.start(settings.postgres()), starters);
    CompletableFuture<KafkaBroker> kafka =
        CompletableFuture.supplyAsync(() -> KafkaBroker.start(settings.kafka()), starters);
    try {
      CompletableFuture.allOf(postgres, kafka).join();
    } catch (CompletionException failed) {
      postgres.thenAccept(PostgresServer::stop);
      kafka.thenAccept(KafkaBroker::stop);
      throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
    }
    return new InfrastructureProcess(settings, postgres.join(), kafka.join());
  }

  public InfrastructureSettings settings() {
    return settings;
  }

  public String kafkaBootstrapServers() {
    return settings.kafka().bootstrapServers();
  }

  /** The running PostgreSQL server; null between {@link #stopPostgres()} and a restart. */
  public PostgresServer postgres() {
    return postgres;
  }

  /** Stops PostgreSQL alone (its data stays); {@link #startPostgres()} brings it back. */
  public synchronized void stopPostgres() {
    if (postgres != null) {
      postgres.stop();
      postgres = null;
    }
  }

  /** Starts PostgreSQL again on the same port and data after {@link #stopPostgres()}. */
  public synchronized void startPostgres() {
    if (postgres == null) {
      postgres = PostgresServer.start(settings.postgres());
    }
  }

  /** Stops the broker alone (its data stays); {@link #startKafka()} brings it back. */
  public synchronized void stopKafka() {
    if (kafka != null) {
      kafka.stop();
      kafka = null;
    }
  }

  /** Starts the broker again on the same ports and data after {@link #stopKafka()}. */
  public synchronized void startKafka() {
    if (kafka == null) {
      kafka = KafkaBroker.start(settings.kafka());
    }
  }

  /** Stops Kafka, then PostgreSQL. */
  @Override
  public void close() {
    try {
      stopKafka();
    } finally {
      stopPostgres();
    }
  }
}
