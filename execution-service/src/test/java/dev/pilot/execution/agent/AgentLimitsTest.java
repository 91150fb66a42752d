package dev.pilot.execution.agent;

import static dev.pilot.execution.AgentFixtures.action;
import static dev.pilot.execution.AgentFixtures.approvalStep;
import static dev.pilot.execution.AgentFixtures.logStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static dev.pilot.execution.AgentFixtures.scheduledAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.execution.Api;
import dev.pilot.execution.ServiceTest;
import dev.pilot.testsupport.DemoUsers;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** No single request can store an oversized text, a NUL, a never-ending duration or schedule. */
class AgentLimitsTest extends ServiceTest {

  @Autowired JdbcClient jdbc;

  @Value("${local.server.port}")
  int port;

  static Stream<Arguments> outOfBounds() {
    return Stream.of(
        Arguments.of(
            "a step title above its maximum",
            manualAgent("x", titled(logStep("a"), "t".repeat(201))),
            "pilot_steps[0].title"),
        Arguments.of(
            "a step id above its maximum",
            manualAgent("x", logStep("i".repeat(101))),
            "pilot_steps[0].id"),
        Arguments.of(
            "a description above its maximum",
            with(manualAgent("x", logStep("a")), "description", "d".repeat(4_001)),
            "description"),
        Arguments.of(
            "an approval reason above its maximum",
            manualAgent("x", put(approvalStep("a", "any", "bob"), "reason", "r".repeat(1_001))),
            "pilot_steps[0].approval.reason"),
        Arguments.of(
            "an approver name above its maximum",
            manualAgent("x", approvalStep("a", "any", "b".repeat(101))),
            "pilot_steps[0].approval.approvers[0]"),
        Arguments.of(
            "params with more text than allowed",
            manualAgent("x", action("a", "log", Map.of("message", "m".repeat(16_001)))),
            "pilot_steps[0].action.params"),
        Arguments.of("a NUL in the name", manualAgent("bad\u0000name", logStep("a")), "name"),
        Arguments.of(
            "a NUL inside params",
            manualAgent("x", action("a", "log", Map.of("message", "a\u0000b"))),
            "pilot_steps[0].action.params"),
        Arguments.of(
            "a NUL in a step title",
            manualAgent("x", titled(logStep("a"), "a\u0000")),
            "pilot_steps[0].title"),
        Arguments.of(
            "an approval timeout of a billion days",
            manualAgent("x", put(approvalStep("a", "any", "bob"), "timeout", "P1000000000D")),
            "pilot_steps[0].approval.timeout"),
        Arguments.of(
            "an approval timeout above 30 days",
            manualAgent("x", put(approvalStep("a", "any", "bob"), "timeout", "P31D")),
            "pilot_steps[0].approval.timeout"),
        Arguments.of(
            "a retry backoff above an hour",
            manualAgent(
                "x",
                with(logStep("a"), "retry", Map.of("max_attempts", 3, "backoff", "P1000000000D"))),
            "pilot_steps[0].retry.backoff"),
        Arguments.of(
            "a cron expression that never fires",
            scheduledAgent("x", "0 0 30 2 *", logStep("a")),
            "schedule"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outOfBounds")
  void refusesWithA400NamingTheField(String why, Map<String, Object> body, String field) {
    long before = agentCount();

    Api.Response response = api.post("alice", "/api/agents", body);

    assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(fields(response.body())).contains(field);
    assertThat(agentCount()).isEqualTo(before);
  }

  @Test
  void refusesABodyAboveOneMebibyteWith413() {
    Map<String, Object> agent = manualAgent("x", titled(logStep("a"), "t".repeat(1_200_000)));

    Api.Response response = api.post("alice", "/api/agents", agent);

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(fields(response.body())).containsExactly("body");
  }

  @Test
  void refusesAChunkedBodyAboveOneMebibyteWith413() throws Exception {
    // ~1.5 MB of many short texts: no single value breaks a JSON limit, only the total size.
    byte[] body =
        Api.JSON.writeValueAsBytes(
            with(
                manualAgent("x", logStep("a")),
                "pilot_steps",
                IntStream.range(0, 1_500)
                    .mapToObj(i -> titled(logStep("s" + i), "t".repeat(1_000)))
                    .toList()));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/agents"))
            .header("Content-Type", "application/json")
            .header("Authorization", DemoUsers.basicAuthorization("alice"))
            // No length known in advance: sent chunked, so only counting while reading catches it.
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();

    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
  }

  @Test
  void refusesJsonNestedDeeperThanTheLimit() {
    String nested = "[".repeat(200) + "]".repeat(200);
    String body =
        "{\"name\":\"x\",\"mode\":\"manual\",\"pilot_steps\":[{\"id\":\"a\",\"title\":\"a\","
            + "\"type\":\"action\",\"action\":{\"kind\":\"log\",\"params\":{\"message\":"
            + nested
            + "}}}]}";

    Api.Response response = api.post("alice", "/api/agents", body);

    assertThat(response.status()).isEqualTo(400);
    assertThat(fields(response.body())).containsExactly("body");
  }

  private static List<String> fields(JsonNode problem) {
    return problem.path("errors").valueStream().map(e -> e.path("field").asString()).toList();
  }

  private long agentCount() {
    return jdbc.sql("select count(*) from agents").query(Long.class).single();
  }

  private static Map<String, Object> titled(Map<String, Object> step, String title) {
    step.put("title", title);
    return step;
  }

  private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
    map.put(key, value);
    return map;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> put(Map<String, Object> step, String key, Object value) {
    ((Map<String, Object>) step.get("approval")).put(key, value);
    return step;
  }
}
