package dev.pilot.execution.scheduling;

import static dev.pilot.execution.AgentFixtures.action;
import static dev.pilot.execution.AgentFixtures.approvalStep;
import static dev.pilot.execution.AgentFixtures.logStep;
import static dev.pilot.execution.AgentFixtures.scheduledAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.execution.Api;
import dev.pilot.execution.Recorded;
import dev.pilot.execution.ServiceTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ScheduledAgentsTest extends ServiceTest {

  @Test
  void firesAScheduledAgentOnItsCronWithTriggerSchedule() {
    UUID agent = createAgent("carol", scheduledAgent("every 2s", "*/2 * * * * *", logStep("tick")));

    await().atMost(PATIENCE).until(() -> runs("carol", agent).size() >= 2);
    api.delete("carol", "/api/agents/" + agent);

    List<JsonNode> runs = runs("carol", agent);
    assertThat(runs)
        .allSatisfy(r -> assertThat(r.path("trigger").asString()).isEqualTo("schedule"));
    UUID first = UUID.fromString(runs.get(runs.size() - 1).path("execution_id").asString());
    awaitStatus("carol", first, "completed");
    await().atMost(PATIENCE).until(() -> !Recorded.ofType(first, "ExecutionStarted").isEmpty());
    assertThat(Recorded.ofType(first, "ExecutionStarted").get(0).path("trigger").asString())
        .isEqualTo("schedule");
    assertThat(Recorded.ofType(first, "ExecutionStarted").get(0).path("mode").asString())
        .isEqualTo("scheduled");
  }

  @Test
  void skipsTicksWhileThePreviousRunIsStillActive() {
    UUID agent =
        createAgent(
            "carol",
            scheduledAgent("needs approval", "* * * * * *", approvalStep("ok", "any", "bob")));
    await().atMost(PATIENCE).until(() -> runs("carol", agent).size() == 1);
    UUID waiting = UUID.fromString(runs("carol", agent).get(0).path("execution_id").asString());

    await()
        .during(Duration.ofMillis(2500))
        .atMost(PATIENCE)
        .until(() -> runs("carol", agent).size() == 1);

    api.post("carol", "/api/executions/" + waiting + "/cancel", null);
    await().atMost(PATIENCE).until(() -> runs("carol", agent).size() == 2);
    api.delete("carol", "/api/agents/" + agent);
    runs("carol", agent).stream()
        .map(r -> r.path("execution_id").asString())
        .forEach(id -> api.post("carol", "/api/executions/" + id + "/cancel", null));
  }

  @Test
  void aScheduledRunStartsWithTheAgentsDefaultInputs() {
    Map<String, Object> body =
        scheduledAgent(
            "with defaults",
            "* * * * * *",
            action("greet", "log", Map.of("message", "Hello {{ inputs.supplier }}")));
    body.put(
        "input_schema",
        Map.of("type", "object", "required", List.of("supplier"), "properties", Map.of()));
    body.put("default_inputs", Map.of("supplier", "Acme"));
    UUID agent = createAgent("carol", body);

    await().atMost(PATIENCE).until(() -> !runs("carol", agent).isEmpty());
    api.delete("carol", "/api/agents/" + agent);
    UUID first =
        UUID.fromString(
            runs("carol", agent)
                .get(runs("carol", agent).size() - 1)
                .path("execution_id")
                .asString());

    JsonNode done = awaitStatus("carol", first, "completed");
    assertThat(done.path("steps").get(0).path("output").asString()).isEqualTo("Hello Acme");
  }

  @Test
  void aScheduledAgentWhoseSchemaItsDefaultsBreakIsRefused() {
    Map<String, Object> body = scheduledAgent("no defaults", "* * * * * *", logStep("tick"));
    body.put(
        "input_schema",
        Map.of("type", "object", "required", List.of("supplier"), "properties", Map.of()));

    Api.Response refused = api.post("carol", "/api/agents", body);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().path("errors").get(0).path("field").asString())
        .isEqualTo("default_inputs.supplier");
  }

  private List<JsonNode> runs(String owner, UUID agent) {
    return api.get(owner, "/api/executions?agent_id=" + agent).body().valueStream().toList();
  }
}
