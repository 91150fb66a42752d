package dev.pilot.systemtests;

import static dev.pilot.systemtests.AgentFixtures.agentWithApprovalStep;
import static dev.pilot.systemtests.AgentFixtures.scheduledAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The seed's scenarios, as a user in a browser and the approvers would live them. */
class SeedScenariosTest {

  static final Duration PATIENCE = Duration.ofSeconds(60);

  final PilotSystem system = PilotSystem.get();
  final PilotApi alice = system.api("alice");
  final PilotApi bob = system.api("bob");
  final PilotApi carol = system.api("carol");
  final PilotApi dave = system.api("dave");

  @Test
  void approvedRunTurnsOrangeThenContinuesCompletesAndMovesToRecentActivity() {
    UUID agent = id(alice.createAgent(agentWithApprovalStep("any", "PT1H", "bob")), "id");
    try (DashboardStream dashboard = DashboardStream.open(system.dashboard(), "alice")) {
      UUID run = alice.start(agent);

      JsonNode waiting = awaitRow(dashboard, run, "waiting_approval");
      assertThat(waiting.get("has_pending_approval").asBoolean()).isTrue();
      assertThat(waiting.get("step_order").asInt()).isEqualTo(3);
      assertThat(waiting.get("total_steps").asInt()).isEqualTo(5);
      UUID approval = UUID.fromString(waiting.get("approval_id").asString());

      bob.respond(approval, "approve");

      await().atMost(PATIENCE).until(() -> dashboard.removed(run));
      assertThat(dashboard.rowsOf(run))
          .anySatisfy(row -> assertThat(row.get("completed_steps").size()).isGreaterThan(3));
      assertThat(alice.status(run)).isEqualTo("completed");
      await()
          .atMost(PATIENCE)
          .untilAsserted(() -> assertThat(activityStatus(run)).isEqualTo("completed"));
    }
  }

  @Test
  void rejectedRunFailsLeavesTheRunningListAndShowsWhy() {
    UUID agent = id(alice.createAgent(agentWithApprovalStep("any", "PT1H", "bob")), "id");
    try (DashboardStream dashboard = DashboardStream.open(system.dashboard(), "alice")) {
      UUID run = alice.start(agent);
      UUID approval = approvalOf(awaitRow(dashboard, run, "waiting_approval"));

      bob.respond(approval, "reject");

      await().atMost(PATIENCE).until(() -> dashboard.removed(run));
      JsonNode execution = alice.execution(run);
      assertThat(execution.get("status").asString()).isEqualTo("failed");
      assertThat(execution.toString()).contains("rejected");
      await()
          .atMost(PATIENCE)
          .untilAsserted(() -> assertThat(activityStatus(run)).isEqualTo("failed"));
    }
  }

  @Test
  void scheduledAgentRunsOnItsOwnWithItsScheduleBadgeAndCompletes() {
    try (DashboardStream dashboard = DashboardStream.open(system.dashboard(), "alice")) {
      UUID agent = id(alice.createAgent(scheduledAgent("*/5 * * * * *")), "id");
      try {
        JsonNode row =
            await()
                .atMost(PATIENCE)
                .until(
                    () ->
                        dashboard.events().stream()
                            .filter(e -> e.name().equals("execution"))
                            .map(DashboardStream.Event::data)
                            .filter(d -> agent.toString().equals(d.get("agent_id").asString()))
                            .findFirst()
                            .orElse(null),
                    r -> r != null);
        assertThat(row.get("mode").asString()).isEqualTo("scheduled");
        assertThat(row.get("trigger").asString()).isEqualTo("schedule");
        UUID run = UUID.fromString(row.get("execution_id").asString());
        await()
            .atMost(PATIENCE)
            .untilAsserted(() -> assertThat(alice.status(run)).isEqualTo("completed"));
      } finally {
        alice.send("DELETE", "/api/agents/" + agent, null);
      }
    }
  }

  @Test
  void majorityOfThreeContinuesOnTwoApprovalsDespiteOneRejection() {
    UUID agent =
        id(
            alice.createAgent(agentWithApprovalStep("majority", "PT1H", "bob", "carol", "dave")),
            "id");
    UUID run = alice.start(agent);
    UUID approval = awaitApprovalFor(bob, run);

    bob.respond(approval, "approve");
    carol.respond(approval, "reject");
    assertThat(alice.status(run)).isEqualTo("waiting_approval");
    dave.respond(approval, "approve");

    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(alice.status(run)).isEqualTo("completed"));
  }

  @Test
  void majorityOfThreeFailsOnTwoRejections() {
    UUID agent =
        id(
            alice.createAgent(agentWithApprovalStep("majority", "PT1H", "bob", "carol", "dave")),
            "id");
    UUID run = alice.start(agent);
    UUID approval = awaitApprovalFor(bob, run);

    bob.respond(approval, "reject");
    carol.respond(approval, "reject");

    await().atMost(PATIENCE).untilAsserted(() -> assertThat(alice.status(run)).isEqualTo("failed"));
    assertThat(dave.approval(approval).get("status").asString()).isEqualTo("rejected");
  }

  @Test
  void allApprovalFailsAtOnceOnOneRejection() {
    UUID agent =
        id(alice.createAgent(agentWithApprovalStep("all", "PT1H", "bob", "carol", "dave")), "id");
    UUID run = alice.start(agent);
    UUID approval = awaitApprovalFor(bob, run);

    carol.respond(approval, "reject");

    await().atMost(PATIENCE).untilAsserted(() -> assertThat(alice.status(run)).isEqualTo("failed"));
  }

  @Test
  void approvalThatTimesOutFailsTheRunWithReasonTimeout() {
    UUID agent = id(alice.createAgent(agentWithApprovalStep("any", "PT2S", "bob")), "id");
    UUID run = alice.start(agent);

    await().atMost(PATIENCE).untilAsserted(() -> assertThat(alice.status(run)).isEqualTo("failed"));
    assertThat(alice.execution(run).toString()).contains("timeout");
  }

  static UUID id(JsonNode node, String field) {
    return UUID.fromString(node.get(field).asString());
  }

  static UUID approvalOf(JsonNode row) {
    return UUID.fromString(row.get("approval_id").asString());
  }

  static JsonNode awaitRow(DashboardStream dashboard, UUID run, String status) {
    return await()
        .atMost(PATIENCE)
        .until(
            () ->
                dashboard.rowsOf(run).stream()
                    .filter(r -> status.equals(r.get("status").asString()))
                    .findFirst()
                    .orElse(null),
            r -> r != null);
  }

  /** The approval of a run, as its approver finds it among their pending approvals. */
  static UUID awaitApprovalFor(PilotApi approver, UUID run) {
    return await()
        .atMost(PATIENCE)
        .until(
            () -> {
              for (JsonNode approval : items(approver.pendingApprovals())) {
                if (run.toString().equals(approval.get("execution_id").asString())) {
                  return UUID.fromString(approval.get("approval_id").asString());
                }
              }
              return null;
            },
            a -> a != null);
  }

  String activityStatus(UUID run) {
    for (JsonNode item : items(alice.activity())) {
      if (run.toString().equals(item.get("execution_id").asString())) {
        return item.get("status").asString();
      }
    }
    return null;
  }

  /** A list response, whether it is a bare array or wrapped in {@code items}. */
  static Iterable<JsonNode> items(JsonNode response) {
    if (response.isArray()) {
      return response;
    }
    for (String field : new String[] {"items", "approvals", "executions", "activity"}) {
      if (response.has(field)) {
        return response.get(field);
      }
    }
    return java.util.List.of();
  }
}
