package dev.pilot.localstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pilot.localstack.ports.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml's Kafka without Docker: {@code deploy/kafka/broker.sh} and {@code setup.sh}
 * run for real against a Kafka installation whose {@code bin/} scripts start the Kafka classes of
 * this test's classpath (the version the compose file's image is pinned to), on loopback ports.
 * Real clients then check what each principal of the compose file may do.
 */
class ComposeKafkaTest {

  private static final Path SCRIPTS = Path.of("../deploy/kafka").toAbsolutePath().normalize();

  /** What the image's {@code bin/} scripts run (Kafka 4.1). */
  private static final Map<String, String> TOOLS =
      Map.of(
          "kafka-storage.sh", "kafka.tools.StorageTool",
          "kafka-server-start.sh", "kafka.Kafka",
          "kafka-topics.sh", "org.apache.kafka.tools.TopicCommand",
          "kafka-configs.sh", "kafka.admin.ConfigCommand",
          "kafka-acls.sh", "org.apache.kafka.tools.AclCommand",
          "kafka-broker-api-versions.sh", "org.apache.kafka.tools.BrokerApiVersionsCommand");

  /** The compose file's variables, with values other than its demo defaults. */
  private static final Map<String, String> PASSWORDS =
      Map.of(
          "KAFKA_ADMIN_PASSWORD", "admin-Secret.1",
          "EXECUTION_KAFKA_PASSWORD", "execution/Secret+2",
          "APPROVAL_KAFKA_PASSWORD", "approval~Secret@3",
          "DASHBOARD_KAFKA_PASSWORD", "dashboard:Secret%4",
          "READER_KAFKA_PASSWORD", "reader!Secret*5");

  /**
   * The execution service's password when broker.sh formats the storage; setup.sh then sets the one
   * of {@link #PASSWORDS}, as after a password change in the compose file.
   */
  private static final String FORMATTED_EXECUTION_PASSWORD = "execution-before-the-change";

  private static final List<String> TOPICS =
      List.of(
          "execution-events",
          "approval-events",
          "approval-events.execution-service.dlq",
          "execution-events.approval-service.dlq",
          "execution-events.dashboard-service.dlq",
          "approval-events.dashboard-service.dlq");

  @TempDir static Path dir;

  private static Path home;
  private static Process broker;
  private static String bootstrap;
  private static Admin admin;

  @BeforeAll
  static void startTheBrokerAndSetItUpWithTheComposeScripts() throws Exception {
    home = kafkaHome();
    int clientPort = FreePorts.pick();
    bootstrap = "127.0.0.1:" + clientPort;

    Map<String, String> settings = new HashMap<>(PASSWORDS);
    settings.put("KAFKA_CLUSTER_ID", Uuid.randomUuid().toString());
    settings.put("KAFKA_DATA_DIR", dir.resolve("data").toString());
    settings.put("KAFKA_CONFIG_DIR", dir.resolve("config").toString());
    settings.put("KAFKA_LISTEN_HOST", "127.0.0.1");
    settings.put("KAFKA_ADVERTISED_HOST", "127.0.0.1");
    settings.put("KAFKA_CLIENT_PORT", String.valueOf(clientPort));
    settings.put("KAFKA_CONTROLLER_PORT", String.valueOf(FreePorts.pick()));
    settings.put("EXECUTION_KAFKA_PASSWORD", FORMATTED_EXECUTION_PASSWORD);
    broker = script("broker.sh", settings).start();

    admin = Admin.create(as("admin", PASSWORDS.get("KAFKA_ADMIN_PASSWORD")));
    try {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .failFast("broker.sh ended", () -> !broker.isAlive())
          .ignoreExceptions()
          .until(
              () ->
                  !admin
                      .describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                      .nodes()
                      .get()
                      .isEmpty());
    } catch (RuntimeException notStarted) {
      throw new AssertionError("The broker did not answer: " + log("broker.sh"), notStarted);
    }

    Process setup = script("setup.sh", Map.of("KAFKA_BOOTSTRAP", bootstrap)).start();
    assertThat(setup.waitFor(8, TimeUnit.MINUTES)).as("setup.sh within 8 minutes").isTrue();
    assertThat(setup.exitValue()).as(log("setup.sh")).isZero();
  }

  @AfterAll
  static void stopTheBroker() throws InterruptedException {
    if (admin != null) {
      admin.close();
    }
    if (broker != null) {
      broker.destroy();
      if (!broker.waitFor(60, TimeUnit.SECONDS)) {
        broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theSetUpCreatesEveryTopicOfTheAclsWithSixPartitions() throws Exception {
    Map<String, TopicDescription> topics =
        admin.describeTopics(TOPICS).allTopicNames().get(30, TimeUnit.SECONDS);

    assertThat(topics).containsOnlyKeys(TOPICS);
    topics.values().forEach(topic -> assertThat(topic.partitions()).as(topic.name()).hasSize(6));
  }

  @Test
  void theExecutionServiceWritesExecutionEventsButNotApprovalEvents() throws Exception {
    Map<String, Object> execution = service("execution-service", "EXECUTION_KAFKA_PASSWORD");

    send(execution, "execution-events", "started");
    assertRefused(execution, "approval-events");
  }

  @Test
  void theApprovalServiceWritesApprovalEventsButNotExecutionEvents() throws Exception {
    Map<String, Object> approval = service("approval-service", "APPROVAL_KAFKA_PASSWORD");

    send(approval, "approval-events", "resolved");
    assertRefused(approval, "execution-events");
  }

  @Test
  void theReaderReadsBothTopicsButWritesNeither() throws Exception {
    String marker = UUID.randomUUID().toString();
    send(service("execution-service", "EXECUTION_KAFKA_PASSWORD"), "execution-events", marker);
    send(service("approval-service", "APPROVAL_KAFKA_PASSWORD"), "approval-events", marker);
    Map<String, Object> reader = service("pilot-reader", "READER_KAFKA_PASSWORD");

    Map<String, Object> consumer = new HashMap<>(reader);
    consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "pilot-reader.compose-test");
    consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> other =
        new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer())) {
      other.subscribe(List.of("execution-events", "approval-events"));
      List<String> read = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                other
                    .poll(Duration.ofMillis(200))
                    .forEach(r -> read.add(r.topic() + ":" + r.value()));
                assertThat(read)
                    .contains("execution-events:" + marker, "approval-events:" + marker);
              });
    }
    assertRefused(reader, "execution-events");
    assertRefused(reader, "approval-events");
  }

  @Test
  void aWrongPasswordIsRefused() {
    assertNotAuthenticated(as("execution-service", "not-the-password"));
  }

  @Test
  void theSetUpReplacesAPasswordTheStorageWasFormattedWith() throws Exception {
    send(service("execution-service", "EXECUTION_KAFKA_PASSWORD"), "execution-events", "changed");
    assertNotAuthenticated(as("execution-service", FORMATTED_EXECUTION_PASSWORD));
  }

  @Test
  void theHealthCheckAuthenticatesWithTheAdminSettingsTheBrokerScriptWrote() throws Exception {
    Path output = dir.resolve("health-check.log");
    Process check =
        new ProcessBuilder(
                home.resolve("bin/kafka-broker-api-versions.sh").toString(),
                "--bootstrap-server",
                bootstrap,
                "--command-config",
                dir.resolve("config/admin.properties").toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();

    assertThat(check.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(check.exitValue()).as(Files.readString(output)).isZero();
    assertThat(Files.readString(output)).contains(bootstrap);
  }

  /** A Kafka installation whose scripts run this JVM's Kafka classes. */
  private static Path kafkaHome() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("kafka/bin"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    for (Map.Entry<String, String> tool : TOOLS.entrySet()) {
      String heap = tool.getValue().equals("kafka.Kafka") ? "-Xmx512m" : "-Xmx256m";
      Path script = bin.resolve(tool.getKey());
      Files.writeString(
          script,
          "#!/usr/bin/env bash\nexec '%s' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC %s -cp '%s' %s \"$@\"\n"
              .formatted(java, heap, classpath, tool.getValue()));
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }
    return bin.getParent();
  }

  /** One of the compose scripts, with a clean environment but for {@code settings}. */
  private static ProcessBuilder script(String name, Map<String, String> settings) {
    ProcessBuilder builder =
        new ProcessBuilder("bash", SCRIPTS.resolve(name).toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile());
    builder.environment().keySet().removeIf(variable -> variable.contains("KAFKA"));
    builder.environment().putAll(PASSWORDS);
    builder.environment().put("KAFKA_HOME", home.toString());
    builder.environment().putAll(settings);
    return builder;
  }

  private static Map<String, Object> service(String principal, String passwordVariable) {
    return as(principal, PASSWORDS.get(passwordVariable));
  }

  /** Client settings of a SCRAM-SHA-512 principal, as the services derive them. */
  private static Map<String, Object> as(String principal, String password) {
    return Map.of(
        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap,
        CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
        "SASL_PLAINTEXT",
        "sasl.mechanism",
        "SCRAM-SHA-512",
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"%s\";"
            .formatted(principal, password));
  }

  private static void send(Map<String, Object> principal, String topic, String value)
      throws Exception {
    try (KafkaProducer<String, String> producer = producer(principal)) {
      producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
    }
  }

  private static void assertRefused(Map<String, Object> principal, String topic) {
    try (KafkaProducer<String, String> producer = producer(principal)) {
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "forged")).get())
          .as(topic)
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
  }

  private static void assertNotAuthenticated(Map<String, Object> principal) {
    try (KafkaProducer<String, String> producer = producer(principal)) {
      assertThatThrownBy(
              () -> producer.send(new ProducerRecord<>("execution-events", "forged")).get())
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
  }

  private static KafkaProducer<String, String> producer(Map<String, Object> principal) {
    Map<String, Object> settings = new HashMap<>(principal);
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    settings.put(ProducerConfig.RETRIES_CONFIG, 0);
    return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
  }

  private static String log(String script) {
    try {
      return Files.readString(dir.resolve(script + ".log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
