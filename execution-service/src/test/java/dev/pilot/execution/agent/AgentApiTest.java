package dev.pilot.execution.agent;

import static dev.pilot.execution.AgentFixtures.approvalStep;
import static dev.pilot.execution.AgentFixtures.delayStep;
import static dev.pilot.execution.AgentFixtures.logStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.execution.AgentFixtures;
import dev.pilot.execution.Api;
import dev.pilot.execution.ServiceTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AgentApiTest extends ServiceTest {

  @Test
  void storesTheIssueExampleAgentAndShowsItBackInTheSameShape() {
    Api.Response created = api.post("alice", "/api/agents", AgentFixtures.INVOICE_REVIEW);

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.location()).isEqualTo("/api/agents/" + created.text("id"));
    JsonNode agent = api.get("alice", "/api/agents/" + created.text("id")).body();
    assertThat(agent.path("name").asString()).isEqualTo("Invoice review");
    assertThat(agent.path("owner").asString()).isEqualTo("alice");
    assertThat(agent.path("mode").asString()).isEqualTo("manual");
    JsonNode steps = agent.path("pilot_steps");
    assertThat(steps).hasSize(3);
    assertThat(steps.get(0).path("action").path("params").path("duration_ms").asInt())
        .isEqualTo(2000);
    assertThat(steps.get(1).path("approval").path("approvers").get(0).asString()).isEqualTo("bob");
    assertThat(steps.get(1).path("approval").path("timeout").asString()).isEqualTo("PT1H");
    // Separation of duties unless the step opts in.
    assertThat(steps.get(1).path("approval").path("prevent_self_approval").asBoolean()).isTrue();
    assertThat(steps.get(2).path("retry").path("max_attempts").asInt()).isEqualTo(3);
    assertThat(steps.get(2).path("retry").path("backoff").asString()).isEqualTo("PT1S");
    assertThat(steps.get(2).has("approval")).isFalse();
  }

  @Test
  void listsOnlyTheCallersAgentsAndAppliesEditsAndDeletes() {
    UUID carols = createAgent("carol", manualAgent("Carol's", logStep("a")));
    createAgent("dave", manualAgent("Dave's", logStep("a")));

    assertThat(
            api.get("carol", "/api/agents").body().valueStream().map(a -> a.path("id").asString()))
        .containsExactly(carols.toString());

    Api.Response updated =
        api.put(
            "carol",
            "/api/agents/" + carols,
            manualAgent("Carol's renamed", logStep("a"), delayStep("b", 10)));
    assertThat(updated.status()).isEqualTo(200);
    assertThat(api.get("carol", "/api/agents/" + carols).body().path("pilot_steps")).hasSize(2);

    assertThat(api.delete("carol", "/api/agents/" + carols).status()).isEqualTo(204);
    assertThat(api.get("carol", "/api/agents/" + carols).status()).isEqualTo(404);
  }

  @Test
  void defaultsAnApprovalTimeoutToOneDayAndTheApprovalTypeToAny() {
    Map<String, Object> step = approvalStep("ok", "any", "bob");
    @SuppressWarnings("unchecked")
    Map<String, Object> approval = (Map<String, Object>) step.get("approval");
    approval.remove("timeout");
    approval.remove("approval_type");
    UUID id = createAgent("alice", manualAgent("defaults", step));

    JsonNode stored = api.get("alice", "/api/agents/" + id).body().path("pilot_steps").get(0);
    assertThat(stored.path("approval").path("timeout").asString()).isEqualTo("PT24H");
    assertThat(stored.path("approval").path("approval_type").asString()).isEqualTo("any");
  }

  @Test
  void acceptsFiveAndSixFieldCronAndComputesTheNextTick() {
    for (String cron : List.of("*/5 * * * *", "*/3 * * * * *")) {
      UUID id =
          createAgent("alice", AgentFixtures.scheduledAgent("cron " + cron, cron, logStep("a")));
      JsonNode agent = api.get("alice", "/api/agents/" + id).body();
      assertThat(agent.path("schedule").asString()).isEqualTo(cron);
      assertThat(agent.path("next_fire_at").isNull()).isFalse();
      api.delete("alice", "/api/agents/" + id);
    }
  }

  @Test
  void onlyTheOwnerReadsChangesDeletesOrStartsAnAgent() {
    UUID agent = createAgent("alice", manualAgent("Alice's", logStep("a")));
    String path = "/api/agents/" + agent;

    // Not 403: that would tell mallory the agent exists.
    assertThat(api.get("mallory", path).status()).isEqualTo(404);
    assertThat(api.put("mallory", path, manualAgent("mine", logStep("a"))).status()).isEqualTo(404);
    assertThat(api.delete("mallory", path).status()).isEqualTo(404);
    assertThat(api.post("mallory", path + "/executions", null).status()).isEqualTo(404);
    assertThat(
            api.get("mallory", "/api/agents/" + UUID.randomUUID()).body().path("title").asString())
        .isEqualTo(api.get("mallory", path).body().path("title").asString());
    assertThat(api.get("alice", path).body().path("name").asString()).isEqualTo("Alice's");
  }

  @Test
  void answers404ForUnknownAgentsAnd401WithoutCredentials() {
    String unknown = "/api/agents/" + UUID.randomUUID();
    assertThat(api.get("alice", unknown).status()).isEqualTo(404);
    assertThat(api.post("alice", unknown + "/executions", null).status()).isEqualTo(404);
    assertThat(api.get(null, "/api/agents").status()).isEqualTo(401);
  }

  @Test
  void reportsTheAverageDurationOfCompletedRuns() {
    UUID agent = createAgent("erin", manualAgent("timed", delayStep("a", 50)));
    UUID run = start("erin", agent);
    awaitStatus("erin", run, "completed");

    JsonNode stats = api.get("erin", "/api/agents/" + agent + "/stats").body();
    assertThat(stats.path("completed_runs").asInt()).isEqualTo(1);
    assertThat(stats.path("average_duration_ms").asLong()).isGreaterThanOrEqualTo(50);
    assertThat(api.get("erin", "/api/agents/" + agent).body().path("average_duration_ms").asLong())
        .isGreaterThanOrEqualTo(50);
  }
}
