package dev.pilot.execution.agent;

import static dev.pilot.execution.AgentFixtures.action;
import static dev.pilot.execution.AgentFixtures.approvalStep;
import static dev.pilot.execution.AgentFixtures.delayStep;
import static dev.pilot.execution.AgentFixtures.logStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static dev.pilot.execution.AgentFixtures.scheduledAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.execution.Api;
import dev.pilot.execution.ServiceTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class InvalidAgentTest extends ServiceTest {

  @Autowired JdbcClient jdbc;

  static Stream<Arguments> invalidAgents() {
    return Stream.of(
        Arguments.of(
            "unknown step kind",
            manualAgent("x", action("a", "teleport", Map.of())),
            List.of("pilot_steps[0].action.kind")),
        Arguments.of(
            "duplicate step ids",
            manualAgent("x", logStep("same"), logStep("same")),
            List.of("pilot_steps[1].id")),
        Arguments.of(
            "approval without approvers",
            manualAgent("x", logStep("a"), approvalStep("b", "any")),
            List.of("pilot_steps[1].approval.approvers")),
        Arguments.of(
            "bad cron", scheduledAgent("x", "every tuesday", logStep("a")), List.of("schedule")),
        Arguments.of(
            "bad approval timeout",
            manualAgent("x", withApproval(approvalStep("a", "any", "bob"), "timeout", "1 hour")),
            List.of("pilot_steps[0].approval.timeout")),
        Arguments.of(
            "bad retry backoff",
            manualAgent("x", withRetry(logStep("a"), Map.of("max_attempts", 3, "backoff", "soon"))),
            List.of("pilot_steps[0].retry.backoff")),
        Arguments.of(
            "a schedule on a manual agent",
            with(manualAgent("x", logStep("a")), "schedule", "*/5 * * * *"),
            List.of("schedule")),
        Arguments.of(
            "a scheduled agent without schedule",
            with(manualAgent("x", logStep("a")), "mode", "scheduled"),
            List.of("schedule")),
        Arguments.of(
            "unknown approval type",
            manualAgent("x", approvalStep("a", "most", "bob")),
            List.of("pilot_steps[0].approval.approval_type")),
        Arguments.of(
            "delay without duration",
            manualAgent("x", action("a", "delay", Map.of())),
            List.of("pilot_steps[0].action.params.duration_ms")),
        Arguments.of(
            "unknown time zone",
            with(scheduledAgent("x", "*/5 * * * *", logStep("a")), "timezone", "Mars/Olympus"),
            List.of("timezone")),
        Arguments.of(
            "no steps, no name, unknown mode, all at once",
            Map.of("name", " ", "mode", "sometimes", "pilot_steps", List.of()),
            List.of("name", "mode", "pilot_steps")),
        Arguments.of(
            "every broken step reported",
            manualAgent(
                "x",
                action("a", "teleport", Map.of()),
                approvalStep("a", "any"),
                Map.of("id", "c", "title", "c", "type", "wait")),
            List.of(
                "pilot_steps[0].action.kind",
                "pilot_steps[1].id",
                "pilot_steps[1].approval.approvers",
                "pilot_steps[2].type")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidAgents")
  void rejectsInvalidAgentsNamingEveryOffendingFieldAndStoresNothing(
      String why, Object body, List<String> fields) {
    long before = agentCount();

    Api.Response response = api.post("alice", "/api/agents", body);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.body().path("errors").valueStream().map(e -> e.path("field").asString()))
        .containsAll(fields);
    assertThat(agentCount()).isEqualTo(before);
  }

  @Test
  void rejectsAnInvalidEditAndKeepsTheStoredAgent() {
    UUID agent = createAgent("alice", manualAgent("kept", delayStep("a", 1)));

    Api.Response response =
        api.put("alice", "/api/agents/" + agent, manualAgent("", action("a", "nope", Map.of())));

    assertThat(response.status()).isEqualTo(400);
    assertThat(api.get("alice", "/api/agents/" + agent).body().path("name").asString())
        .isEqualTo("kept");
  }

  @Test
  void rejectsMalformedJsonAndWronglyTypedFields() {
    long before = agentCount();
    assertThat(api.post("alice", "/api/agents", "{not json").status()).isEqualTo(400);
    Api.Response wrongType =
        api.post("alice", "/api/agents", Map.of("name", "x", "mode", "manual", "pilot_steps", 5));
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.body().path("errors").get(0).path("field").asString())
        .isEqualTo("pilot_steps");
    assertThat(agentCount()).isEqualTo(before);
  }

  private long agentCount() {
    return jdbc.sql("select count(*) from agents").query(Long.class).single();
  }

  private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
    map.put(key, value);
    return map;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withApproval(
      Map<String, Object> step, String key, Object value) {
    ((Map<String, Object>) step.get("approval")).put(key, value);
    return step;
  }

  private static Map<String, Object> withRetry(Map<String, Object> step, Object retry) {
    step.put("retry", retry);
    return step;
  }
}
