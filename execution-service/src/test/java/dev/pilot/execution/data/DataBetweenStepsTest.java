package dev.pilot.execution.data;

import static dev.pilot.execution.AgentFixtures.action;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.execution.Api;
import dev.pilot.execution.LoopbackServer;
import dev.pilot.execution.ServiceTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Inputs, step outputs and templates, end to end on real Kafka and PostgreSQL. */
class DataBetweenStepsTest extends ServiceTest {

  private static final String INVOICES =
      """
      {"invoices": [{"id": "INV-1", "supplier": "Acme", "amount": 1200.5},
                    {"id": "INV-2", "supplier": "Globex", "amount": 80}]}""";

  private final LoopbackServer partner = new LoopbackServer();

  @Autowired JdbcClient jdbc;

  @AfterEach
  void stop() {
    partner.close();
  }

  @Test
  void httpOutputIsKeptAndALaterStepSendsWhatItReferences() {
    partner.answer("/invoices", 200, "application/json", INVOICES);
    partner.answer("/pay", 200, "application/json", "{\"paid\": true}");
    UUID agent =
        createAgent(
            "alice",
            manualAgent(
                "pay what was fetched",
                action("fetch", "http", Map.of("url", partner.url("/invoices"), "method", "GET")),
                action(
                    "pay",
                    "http",
                    Map.of(
                        "url",
                        partner.url("/pay"),
                        "body",
                        Map.of(
                            "payments",
                            "{{ steps.fetch.output.body.invoices }}",
                            "note",
                            "run {{ execution.id }} of {{ agent.name }}")))));

    UUID run = start("alice", agent);
    JsonNode done = awaitStatus("alice", run, "completed");

    JsonNode fetch = done.path("steps").get(0).path("output");
    assertThat(fetch.path("status").asInt()).isEqualTo(200);
    assertThat(fetch.path("headers").path("content-type").asString()).contains("application/json");
    assertThat(fetch.path("headers").has("set-cookie")).as("only safe headers").isFalse();
    assertThat(fetch.path("body").path("invoices").get(1).path("supplier").asString())
        .isEqualTo("Globex");
    JsonNode paid = Api.JSON.readTree(partner.received("/pay").get(0));
    assertThat(paid.path("payments")).isEqualTo(Api.JSON.readTree(INVOICES).path("invoices"));
    assertThat(paid.path("note").asString()).isEqualTo("run " + run + " of pay what was fetched");
    assertThat(done.path("steps").get(1).path("output").path("body").path("paid").asBoolean())
        .isTrue();
    assertThat(api.get("mallory", "/api/executions/" + run).status())
        .as("outputs are seen only by those who may see the execution")
        .isEqualTo(404);
  }

  @Test
  void inputsAreCheckedAgainstTheSchemaAndNothingStartsWhenTheyBreakIt() {
    Map<String, Object> body =
        manualAgent(
            "greets a supplier",
            action("greet", "log", Map.of("message", "Hello {{ inputs.supplier }}")),
            action("limit", "log", Map.of("message", "up to {{ inputs.limit }} EUR")));
    body.put(
        "input_schema",
        Map.of(
            "type", "object",
            "required", List.of("supplier"),
            "properties",
                Map.of(
                    "supplier", Map.of("type", "string"),
                    "limit", Map.of("type", "integer", "maximum", 10000))));
    UUID agent = createAgent("alice", body);
    long before = runsOf(agent);

    Api.Response refused =
        api.post(
            "alice",
            "/api/agents/" + agent + "/executions",
            Map.of("inputs", Map.of("limit", 50000)));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.body().path("errors").valueStream().map(e -> e.path("field").asString()))
        .containsExactlyInAnyOrder("inputs.supplier", "inputs.limit");
    assertThat(runsOf(agent)).isEqualTo(before);

    Api.Response started =
        api.post(
            "alice",
            "/api/agents/" + agent + "/executions",
            Map.of("inputs", Map.of("supplier", "Acme", "limit", 500)));
    assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
    JsonNode done =
        awaitStatus("alice", UUID.fromString(started.text("execution_id")), "completed");
    assertThat(done.path("steps").get(0).path("output").asString()).isEqualTo("Hello Acme");
    assertThat(done.path("steps").get(1).path("output").asString()).isEqualTo("up to 500 EUR");
  }

  @Test
  void aReferenceMissingAtRunTimeFailsTheStepNamingIt() {
    partner.answer("/invoices", 200, "application/json", INVOICES);
    UUID agent =
        createAgent(
            "alice",
            manualAgent(
                "reads what is not there",
                action("fetch", "http", Map.of("url", partner.url("/invoices"), "method", "GET")),
                action(
                    "pay",
                    "log",
                    Map.of("message", "{{ steps.fetch.output.body.invoices[5].amount }}"))));

    JsonNode failed = awaitStatus("alice", start("alice", agent), "failed");

    assertThat(failed.path("failure_step_id").asString()).isEqualTo("pay");
    assertThat(failed.path("error").asString())
        .contains("{{ steps.fetch.output.body.invoices[5].amount }}");
  }

  @Test
  void anOutputAboveTheLimitFailsTheStepSayingWhy() {
    partner.answer("/huge", 200, "text/plain", "x".repeat(70 * 1024));
    UUID agent =
        createAgent(
            "alice",
            manualAgent(
                "fetches too much",
                action("fetch", "http", Map.of("url", partner.url("/huge"), "method", "GET"))));

    JsonNode failed = awaitStatus("alice", start("alice", agent), "failed");

    assertThat(failed.path("error").asString())
        .contains("output limit of 65536 bytes")
        .contains("pilot.steps.output-limit");
  }

  @Test
  void aWholeStringReferenceKeepsItsTypeAndTheResolvedParamsAreCheckedAgain() {
    UUID agent =
        createAgent(
            "alice",
            manualAgent(
                "logs a number", action("count", "log", Map.of("message", "{{ inputs.count }}"))));

    Api.Response started =
        api.post(
            "alice", "/api/agents/" + agent + "/executions", Map.of("inputs", Map.of("count", 3)));
    JsonNode failed = awaitStatus("alice", UUID.fromString(started.text("execution_id")), "failed");

    assertThat(failed.path("error").asString()).contains("params.message must be a string");
  }

  @Test
  void referencesAreCheckedWhenTheAgentIsSaved() {
    Api.Response refused =
        api.post(
            "alice",
            "/api/agents",
            manualAgent(
                "bad references",
                action("first", "log", Map.of("message", "{{ steps.second.output }}")),
                action("second", "log", Map.of("message", "{{ steps.nowhere.output.x }}")),
                action("third", "log", Map.of("message", "{{ inputs. }}")),
                action("fourth", "http", Map.of("url", "{{ inputs.url }}"))));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().path("errors").valueStream().map(e -> e.path("field").asString()))
        .containsExactlyInAnyOrder(
            "pilot_steps[0].action.params.message",
            "pilot_steps[1].action.params.message",
            "pilot_steps[2].action.params.message");
    assertThat(refused.body().path("errors").toString())
        .contains("which has not run yet")
        .contains("unknown step nowhere");
  }

  private long runsOf(UUID agent) {
    return jdbc.sql("select count(*) from workflow_executions where agent_id = ?")
        .param(agent)
        .query(Long.class)
        .single();
  }
}
