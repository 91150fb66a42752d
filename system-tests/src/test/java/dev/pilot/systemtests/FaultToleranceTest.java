package dev.pilot.systemtests;

import static dev.pilot.systemtests.AgentFixtures.agentWithApprovalStep;
import static dev.pilot.systemtests.AgentFixtures.delay;
import static dev.pilot.systemtests.SeedScenariosTest.awaitApprovalFor;
import static dev.pilot.systemtests.SeedScenariosTest.id;
import static dev.pilot.systemtests.SeedScenariosTest.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.systemtests.PilotSystem.Service;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Parts of the system fail in the middle of a flow; nothing may be lost. */
class FaultToleranceTest {

  static final Duration PATIENCE = Duration.ofSeconds(120);

  final PilotSystem system = PilotSystem.get();
  final PilotApi alice = system.api("alice");
  final PilotApi bob = system.api("bob");
  static ContractOnlyConsumer topics;

  @BeforeAll
  static void subscribe() {
    topics = new ContractOnlyConsumer(PilotSystem.get().kafkaBootstrapServers());
  }

  @AfterAll
  static void unsubscribe() {
    topics.close();
  }

  @Test
  void executionServiceKilledMidStepResumesAndRunsNoCompletedStepTwice() {
    UUID agent = id(alice.createAgent(slowAgent()), "id");
    UUID run = alice.start(agent);
    await().atMost(PATIENCE).until(() -> completedSteps(run).size() >= 1);

    system.kill(Service.EXECUTION);
    system.start(Service.EXECUTION);

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(alice.status(run)).isEqualTo("completed"));
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(eventsOf(run, "ExecutionCompleted")).hasSize(1));
    Map<String, Long> completions = perStep(eventsOf(run, "StepCompleted"));
    assertThat(completions).containsOnlyKeys("one", "two", "three", "four", "five");
    assertThat(completions.values()).allMatch(count -> count == 1);
    Map<String, Long> starts = perStep(eventsOf(run, "StepStarted"));
    assertThat(starts.values().stream().filter(count -> count > 1).count())
        .as("only the interrupted step may start twice")
        .isLessThanOrEqualTo(1);
  }

  @Test
  void approvalServiceKilledRightAfterAnApprovalLosesNothing() {
    UUID agent = id(alice.createAgent(agentWithApprovalStep("any", "PT1H", "bob")), "id");
    UUID run = alice.start(agent);
    UUID approval = awaitApprovalFor(bob, run);

    bob.respond(approval, "approve");
    system.kill(Service.APPROVAL);
    system.start(Service.APPROVAL);

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(alice.status(run)).isEqualTo("completed"));
    assertThat(bob.approval(approval).get("responses")).hasSize(1);
  }

  @Test
  void dashboardKilledCatchesUpWithWhatHappenedWhileItWasDown() {
    PilotApi direct = new PilotApi(system.uri(Service.EXECUTION), "alice");
    UUID agent = id(direct.createAgent(fastAgent()), "id");

    system.kill(Service.DASHBOARD);
    UUID run = direct.start(agent);
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(direct.status(run)).isEqualTo("completed"));
    system.start(Service.DASHBOARD);

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(items(alice.activity()))
                    .anySatisfy(
                        item ->
                            assertThat(item.get("execution_id").asString())
                                .isEqualTo(run.toString())));
  }

  @Test
  void kafkaDownForThirtySecondsKeepsAcceptingWorkAndLosesNoEvent() {
    PilotApi direct = new PilotApi(system.uri(Service.EXECUTION), "alice");
    UUID agent = id(direct.createAgent(fastAgent()), "id");

    system.infrastructure().stopKafka();
    UUID run;
    try {
      run = direct.start(agent);
      // The API keeps answering for the whole outage.
      await()
          .during(Duration.ofSeconds(30))
          .atMost(Duration.ofSeconds(45))
          .until(() -> direct.execution(run).has("status"));
    } finally {
      system.infrastructure().startKafka();
    }

    // A subscriber that joins after the outage reads the whole run from the log.
    try (ContractOnlyConsumer late = new ContractOnlyConsumer(system.kafkaBootstrapServers())) {
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(late.of(run))
                      .extracting(ContractOnlyConsumer.Received::type)
                      .contains("ExecutionStarted", "ExecutionCompleted"));
      assertThat(
              late.of(run).stream()
                  .map(ContractOnlyConsumer.Received::sequence)
                  .distinct()
                  .toList())
          .as("every sequence number of the run, first seen in order (resent duplicates allowed)")
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }
    // Whatever order the restart left the run's events in, its owner's dashboard shows the run
    // with its agent and outcome.
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(items(alice.activity()))
                    .anySatisfy(
                        item -> {
                          assertThat(item.get("execution_id").asString()).isEqualTo(run.toString());
                          assertThat(item.get("status").asString()).isEqualTo("completed");
                        }));
  }

  @Test
  void postgresRestartedUnderLoadLosesNoRunAndNeedsNoServiceRestart() {
    PilotApi direct = new PilotApi(system.uri(Service.EXECUTION), "alice");
    UUID agent = id(direct.createAgent(fastAgent()), "id");
    List<UUID> runs = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      runs.add(direct.start(agent));
    }

    system.infrastructure().stopPostgres();
    system.infrastructure().startPostgres();

    // The pools reconnect by themselves: new work is accepted again without any restart.
    UUID afterRestart =
        await()
            .atMost(PATIENCE)
            .ignoreExceptions()
            .until(() -> direct.start(agent), java.util.Objects::nonNull);
    runs.add(afterRestart);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(runs)
                    .allSatisfy(run -> assertThat(direct.status(run)).isEqualTo("completed")));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(runs)
                    .allSatisfy(
                        run -> assertThat(eventsOf(run, "ExecutionCompleted")).isNotEmpty()));
  }

  @Test
  void malformedRecordsLandInDeadLetterTopicsWithTheReasonAndConsumersCarryOn() {
    String key = UUID.randomUUID().toString();
    try (KafkaProducer<String, String> producer = producer()) {
      producer.send(new ProducerRecord<>("execution-events", key, "{not json")).get();
      producer.send(new ProducerRecord<>("approval-events", key, "{\"event_type\":42}")).get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }

    List<String> deadLetterTopics =
        List.of(
            "execution-events.approval-service.dlq",
            "execution-events.dashboard-service.dlq",
            "approval-events.execution-service.dlq",
            "approval-events.dashboard-service.dlq");
    try (KafkaConsumer<String, String> dlq = consumer(deadLetterTopics)) {
      Map<String, ConsumerRecord<String, String>> found = new java.util.HashMap<>();
      await()
          .atMost(PATIENCE)
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : dlq.poll(Duration.ofMillis(200))) {
                  if (key.equals(r.key())) {
                    found.put(r.topic(), r);
                  }
                }
                return found.keySet().containsAll(deadLetterTopics);
              });
      assertThat(found.values())
          .allSatisfy(
              r -> {
                var reason = r.headers().lastHeader("x-exception-message");
                assertThat(reason).as("reason header on " + r.topic()).isNotNull();
                assertThat(new String(reason.value(), StandardCharsets.UTF_8)).isNotBlank();
              });
    }

    UUID agent = id(alice.createAgent(agentWithApprovalStep("any", "PT1H", "bob")), "id");
    UUID run = alice.start(agent);
    bob.respond(awaitApprovalFor(bob, run), "approve");
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(alice.status(run)).isEqualTo("completed"));
  }

  private List<JsonNode> eventsOf(UUID run, String type) {
    return topics.of(run).stream()
        .filter(r -> r.type().equals(type))
        .map(ContractOnlyConsumer.Received::event)
        .toList();
  }

  private Set<String> completedSteps(UUID run) {
    return perStep(eventsOf(run, "StepCompleted")).keySet();
  }

  /** Distinct events (a redelivered event_id counts once) per step id. */
  private static Map<String, Long> perStep(List<JsonNode> events) {
    return events.stream()
        .collect(
            Collectors.toMap(e -> e.get("event_id").asString(), Function.identity(), (a, b) -> a))
        .values()
        .stream()
        .collect(Collectors.groupingBy(e -> e.get("step_id").asString(), Collectors.counting()));
  }

  private static String slowAgent() {
    return """
        {"name":"Slow batch","mode":"manual","pilot_steps":[%s,%s,%s,%s,%s]}"""
        .formatted(
            delay("one", "One", 1500),
            delay("two", "Two", 1500),
            delay("three", "Three", 1500),
            delay("four", "Four", 1500),
            delay("five", "Five", 1500));
  }

  private static String fastAgent() {
    return """
        {"name":"Quick batch","mode":"manual","pilot_steps":[%s,%s,%s]}"""
        .formatted(delay("one", "One", 50), delay("two", "Two", 50), delay("three", "Three", 50));
  }

  private KafkaProducer<String, String> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    return new KafkaProducer<>(props);
  }

  private KafkaConsumer<String, String> consumer(List<String> topicNames) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put("allow.auto.create.topics", "true");
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
    consumer.subscribe(topicNames);
    return consumer;
  }
}
