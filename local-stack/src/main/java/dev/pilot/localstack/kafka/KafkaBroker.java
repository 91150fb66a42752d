package dev.pilot.localstack.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A running single-node KRaft broker. Uses Kafka's own server classes, which are internal: the
 * Kafka version is pinned in the pom.
 */
public final class KafkaBroker {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaSettings settings;
  private final KafkaRaftServer server;

  private KafkaBroker(KafkaSettings settings, KafkaRaftServer server) {
    this.settings = settings;
    this.server = server;
  }

  /** Formats the data directory on first use, starts the broker and waits until it answers. */
  public static KafkaBroker start(KafkaSettings settings) {
    Properties props = settings.serverProperties();
    formatOnce(settings, props);
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    server.startup();
    KafkaBroker broker = new KafkaBroker(settings, server);
    broker.awaitReady();
    return broker;
  }

  public KafkaSettings settings() {
    return settings;
  }

  public String bootstrapServers() {
    return settings.bootstrapServers();
  }

  public void stop() {
    server.shutdown();
    server.awaitShutdown();
  }

  private static void formatOnce(KafkaSettings settings, Properties props) {
    try {
      Files.createDirectories(settings.dataDir());
      if (Files.exists(settings.dataDir().resolve("meta.properties"))) {
        return;
      }
      Path config = Files.createTempFile("kafka-format", ".properties");
      try {
        try (Writer out = Files.newBufferedWriter(config)) {
          props.store(out, "local-stack broker");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String[] args = {
          "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString()
        };
        int exit = StorageTool.execute(args, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
          throw new IllegalStateException(
              "Formatting the Kafka data directory "
                  + settings.dataDir()
                  + " failed: "
                  + output.toString(StandardCharsets.UTF_8));
        }
      } finally {
        Files.deleteIfExists(config);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare Kafka data in " + settings.dataDir(), e);
    }
  }

  private void awaitReady() {
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) READY_TIMEOUT.toMillis());
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      stop();
      throw new IllegalStateException(
          "Kafka broker on " + bootstrapServers() + " did not answer within " + READY_TIMEOUT, e);
    }
  }
}
