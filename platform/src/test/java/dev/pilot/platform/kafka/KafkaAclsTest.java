package dev.pilot.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.Topics;
import dev.pilot.contracts.execution.ExecutionResumed;
import dev.pilot.platform.events.BatchDeadLetters;
import dev.pilot.platform.outbox.Outbox;
import dev.pilot.testsupport.Infrastructure;
import dev.pilot.testsupport.TopicRecorder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A broker with a SASL_PLAINTEXT SCRAM-SHA-512 listener and the KRaft authorizer, carrying the ACLs
 * of {@code deploy/kafka/acls.sh}; its PLAINTEXT listener is the test's super user (ANONYMOUS).
 * Services connect to the SCRAM listener with only the {@code KAFKA_*} settings an operator gives
 * them. Loopback only.
 */
class KafkaAclsTest {

  private static final Path ACLS = Path.of("../deploy/kafka/acls.sh");

  /** Quotes and a backslash: they must survive the JAAS configuration. */
  private static final Map<String, String> PASSWORDS =
      Map.of(
          "execution-service", "execution \"secret\" \\ 1",
          "approval-service", "approval-secret-2",
          "pilot-reader", "reader-secret-3");

  private static final AtomicInteger databases = new AtomicInteger();

  private static EmbeddedKafkaKraftBroker broker;
  private static String scram;
  private static Admin admin;

  @SpringBootApplication
  static class App {}

  @BeforeAll
  static void startBrokerWithScramAndTheAuthorizer() throws Exception {
    // The broker publishes its address in system properties that the shared test broker set.
    String bootstrap = System.getProperty("spring.kafka.bootstrap-servers");
    String embedded = System.getProperty("spring.embedded.kafka.brokers");
    broker = new EmbeddedKafkaKraftBroker(1, 3);
    broker.brokerProperties(
        Map.of(
            "listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0,SCRAM://localhost:0",
            "listener.security.protocol.map",
                "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,SCRAM:SASL_PLAINTEXT",
            "listener.name.scram.sasl.enabled.mechanisms", "SCRAM-SHA-512",
            "listener.name.scram.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "authorizer.class.name", StandardAuthorizer.class.getName(),
            "super.users", "User:ANONYMOUS",
            "auto.create.topics.enable", "false",
            "group.initial.rebalance.delay.ms", "0"));
    broker.afterPropertiesSet();
    restore("spring.kafka.bootstrap-servers", bootstrap);
    restore("spring.embedded.kafka.brokers", embedded);
    int port =
        broker
            .getCluster()
            .brokers()
            .values()
            .iterator()
            .next()
            .boundPort(ListenerName.normalised("SCRAM"));
    scram = "localhost:" + port;

    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, superUser()));
    admin
        .createTopics(
            List.of(
                new NewTopic(Topics.EXECUTION_EVENTS, 3, (short) 1),
                new NewTopic(Topics.APPROVAL_EVENTS, 3, (short) 1),
                new NewTopic(
                    BatchDeadLetters.topicFor(Topics.APPROVAL_EVENTS, "execution-service"),
                    3,
                    (short) 1)))
        .all()
        .get(30, TimeUnit.SECONDS);
    List<UserScramCredentialUpsertion> users = new ArrayList<>();
    PASSWORDS.forEach(
        (user, password) ->
            users.add(
                new UserScramCredentialUpsertion(
                    user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)));
    admin.alterUserScramCredentials(List.copyOf(users)).all().get(30, TimeUnit.SECONDS);
    admin.createAcls(aclsOfTheScript()).all().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
    if (broker != null) {
      broker.destroy();
    }
  }

  @Test
  void aServiceWithItsCredentialsPublishesItsOutboxReadsItsInputAndDeadLetters() throws Exception {
    UUID execution = UUID.randomUUID();
    send(Topics.APPROVAL_EVENTS, "decision-" + execution);
    try (TopicRecorder recorder =
            TopicRecorder.open(superUser(), List.of(Topics.EXECUTION_EVENTS));
        ConfigurableApplicationContext service =
            service("execution-service", PASSWORDS.get("execution-service"))) {
      append(service, execution);

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(recorder.valuesFor(execution)).hasSize(1));

      KafkaClients kafka = service.getBean(KafkaClients.class);
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(
              kafka.consumer(
                  Map.of(
                      ConsumerConfig.GROUP_ID_CONFIG, "execution-service",
                      ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
              new StringDeserializer(),
              new StringDeserializer())) {
        consumer.subscribe(List.of(Topics.APPROVAL_EVENTS));
        List<String> read = new ArrayList<>();
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
                  assertThat(read).contains("decision-" + execution);
                });
      }

      String deadLetters = BatchDeadLetters.topicFor(Topics.APPROVAL_EVENTS, "execution-service");
      service
          .getBean(BatchDeadLetters.class)
          .send(
              Topics.APPROVAL_EVENTS,
              MessageBuilder.withPayload(List.of(utf8("malformed-" + execution))).build(),
              0,
              new IllegalArgumentException("unreadable"));
      // Read from the beginning: a recorder opened before the send may join the dead-letter topic
      // only after the send created it, and then starts after the record.
      try (KafkaConsumer<String, String> dlq =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  superUser(),
                  ConsumerConfig.GROUP_ID_CONFIG,
                  "dead-letter-check-" + execution,
                  ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                  "earliest"),
              new StringDeserializer(),
              new StringDeserializer())) {
        dlq.subscribe(List.of(deadLetters));
        List<String> deadLettered = new ArrayList<>();
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  dlq.poll(Duration.ofMillis(200)).forEach(r -> deadLettered.add(r.value()));
                  assertThat(deadLettered).containsOnlyOnce("malformed-" + execution);
                });
      }
    }
  }

  @Test
  void aWrongPasswordIsRefusedAndTheOutboxKeepsItsEvent() throws Exception {
    Map<TopicPartition, Long> before = endOffsets(Topics.EXECUTION_EVENTS);
    try (ConfigurableApplicationContext service =
        service("execution-service", "not-the-password")) {
      append(service, UUID.randomUUID());

      try (KafkaProducer<String, String> producer = producer(service.getBean(KafkaClients.class))) {
        assertThatThrownBy(
                () -> producer.send(new ProducerRecord<>(Topics.EXECUTION_EVENTS, "x")).get())
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(SaslAuthenticationException.class);
      }
      assertThat(
              service
                  .getBean(JdbcClient.class)
                  .sql("select count(*) from outbox_events")
                  .query(Long.class)
                  .single())
          .as("the relay could not send it")
          .isEqualTo(1);
    }
    assertThat(endOffsets(Topics.EXECUTION_EVENTS)).isEqualTo(before);
  }

  @Test
  void aPrincipalWithoutTheAclCannotWriteAnotherServicesTopic() {
    try (KafkaProducer<String, String> approval =
        producer(clients("approval-service", PASSWORDS.get("approval-service")))) {
      assertThatThrownBy(
              () -> approval.send(new ProducerRecord<>(Topics.EXECUTION_EVENTS, "forged")).get())
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void aReadersCredentialsCannotProduceToEitherTopic() {
    KafkaClients reader = clients("pilot-reader", PASSWORDS.get("pilot-reader"));
    for (String topic : List.of(Topics.EXECUTION_EVENTS, Topics.APPROVAL_EVENTS)) {
      try (KafkaProducer<String, String> producer = producer(reader)) {
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "forged")).get())
            .as(topic)
            .hasCauseInstanceOf(TopicAuthorizationException.class);
      }
    }
  }

  /** The {@code allow} lines of the operator's script, as the broker's ACLs. */
  private static List<AclBinding> aclsOfTheScript() throws IOException {
    Pattern allow =
        Pattern.compile(
            "^allow (\\S+) --operation (\\w+) --(topic|group) (\\S+)"
                + "( --resource-pattern-type prefixed)?$");
    List<AclBinding> acls = new ArrayList<>();
    for (String line : Files.readAllLines(ACLS)) {
      Matcher m = allow.matcher(line.trim());
      if (!m.matches()) {
        continue;
      }
      acls.add(
          new AclBinding(
              new ResourcePattern(
                  m.group(3).equals("topic") ? ResourceType.TOPIC : ResourceType.GROUP,
                  m.group(4),
                  m.group(5) == null ? PatternType.LITERAL : PatternType.PREFIXED),
              new AccessControlEntry(
                  "User:" + m.group(1),
                  "*",
                  AclOperation.fromString(m.group(2)),
                  AclPermissionType.ALLOW)));
    }
    assertThat(acls).as("allow lines in " + ACLS).hasSizeGreaterThan(10);
    return acls;
  }

  /** A service as an operator runs it: only the {@code KAFKA_*} settings name its principal. */
  private static ConfigurableApplicationContext service(String name, String password) {
    Infrastructure infrastructure = Infrastructure.get();
    String database =
        "kafka_acls_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
    return new SpringApplicationBuilder(App.class)
        .web(WebApplicationType.NONE)
        .run(
            "--spring.application.name=" + name,
            "--spring.datasource.url=" + infrastructure.jdbcUrl(database),
            "--spring.datasource.username=" + infrastructure.postgresUser(),
            "--spring.datasource.password=" + infrastructure.postgresPassword(),
            "--spring.flyway.locations=classpath:db/platform",
            "--spring.kafka.bootstrap-servers=" + scram,
            "--pilot.kafka.partitions=3",
            "--KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT",
            "--KAFKA_SASL_USERNAME=" + name,
            "--KAFKA_SASL_PASSWORD=" + password);
  }

  /** The clients of a principal, from the same settings bound as Spring Boot binds them. */
  private static KafkaClients clients(String user, String password) {
    Map<String, Object> settings =
        new HashMap<>(
            KafkaSecurityEnvironment.derive(
                Map.of(
                        "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                        "KAFKA_SASL_USERNAME", user,
                        "KAFKA_SASL_PASSWORD", password)
                    ::get));
    settings.put("spring.kafka.bootstrap-servers", scram);
    return new KafkaClients(
        new Binder(new MapConfigurationPropertySource(settings))
            .bindOrCreate("spring.kafka", KafkaProperties.class));
  }

  private static KafkaProducer<String, String> producer(KafkaClients kafka) {
    return new KafkaProducer<>(
        kafka.producer(
            Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000, ProducerConfig.RETRIES_CONFIG, 0)),
        new StringSerializer(),
        new StringSerializer());
  }

  private static void append(ConfigurableApplicationContext service, UUID execution) {
    Outbox outbox = service.getBean(Outbox.class);
    service
        .getBean(TransactionTemplate.class)
        .executeWithoutResult(
            tx ->
                outbox.append(
                    Topics.EXECUTION_EVENTS,
                    new ExecutionResumed(UUID.randomUUID(), Instant.now(), execution, 1, "alice")));
  }

  private static void send(String topic, String value) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, superUser()),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
    }
  }

  private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(30, TimeUnit.SECONDS)
        .get(topic)
        .partitions()
        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, Long> offsets = new HashMap<>();
    admin
        .listOffsets(latest)
        .all()
        .get(30, TimeUnit.SECONDS)
        .forEach((partition, info) -> offsets.put(partition, info.offset()));
    return offsets;
  }

  private static String superUser() {
    return broker.getBrokersAsString();
  }

  private static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
