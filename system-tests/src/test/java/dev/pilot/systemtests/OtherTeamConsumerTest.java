package dev.pilot.systemtests;

import static dev.pilot.systemtests.AgentFixtures.agentWithApprovalStep;
import static dev.pilot.systemtests.SeedScenariosTest.awaitApprovalFor;
import static dev.pilot.systemtests.SeedScenariosTest.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Another team, knowing only {@code contracts/}, follows a whole run on both topics. */
class OtherTeamConsumerTest {

  final PilotSystem system = PilotSystem.get();

  @Test
  void readsEveryEventOfARunInOrderAndValidAgainstTheSchemas() {
    PilotApi alice = system.api("alice");
    PilotApi bob = system.api("bob");
    try (ContractOnlyConsumer otherTeam =
        new ContractOnlyConsumer(system.kafkaBootstrapServers())) {
      UUID agent = id(alice.createAgent(agentWithApprovalStep("any", "PT1H", "bob")), "id");
      UUID run = alice.start(agent);
      bob.respond(awaitApprovalFor(bob, run), "approve");

      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  otherTeam.of(run).stream().anyMatch(r -> r.type().equals("ExecutionCompleted")));
      List<ContractOnlyConsumer.Received> events = otherTeam.of(run);

      assertThat(events).allSatisfy(r -> assertThat(r.schemaErrors()).isEmpty());
      for (String topic : List.of("execution-events", "approval-events")) {
        List<Long> sequences =
            events.stream()
                .filter(r -> r.topic().equals(topic))
                .map(ContractOnlyConsumer.Received::sequence)
                .distinct()
                .toList();
        assertThat(sequences).as(topic).isSorted().doesNotHaveDuplicates().isNotEmpty();
      }
      List<String> executionTypes =
          events.stream()
              .filter(r -> r.topic().equals("execution-events"))
              .map(ContractOnlyConsumer.Received::type)
              .toList();
      assertThat(executionTypes)
          .containsSubsequence(
              "ExecutionStarted",
              "StepStarted",
              "StepCompleted",
              "ApprovalRequested",
              "StepCompleted",
              "ExecutionCompleted");
      assertThat(
              events.stream().filter(r -> r.topic().equals("approval-events")).map(r -> r.type()))
          .containsSubsequence("ApprovalResponseRecorded", "ApprovalResolved");
    }
  }
}
