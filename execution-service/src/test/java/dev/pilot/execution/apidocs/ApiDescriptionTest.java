package dev.pilot.execution.apidocs;

import static dev.pilot.execution.AgentFixtures.approvalStep;
import static dev.pilot.execution.AgentFixtures.logStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.execution.Api;
import dev.pilot.execution.ServiceTest;
import dev.pilot.testsupport.openapi.ApiDescription;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The execution API's description: served only to authenticated callers, equal to the committed
 * docs/openapi/execution-service.json, and true of what the service answers in its main flows.
 */
class ApiDescriptionTest extends ServiceTest {

  @LocalServerPort int serverPort;
  ApiDescription description;

  @BeforeEach
  void fetch() {
    description = ApiDescription.served(serverPort, "alice");
  }

  @Test
  void theDescriptionAndItsPageNeedCredentialsLikeTheApi() {
    ApiDescription.assertNeedsCredentials(serverPort);
  }

  @Test
  void theServedDescriptionIsTheCommittedOne() {
    description.assertEqualsCommitted("execution-service");
  }

  @Test
  void answersOfAnAgentsLifeMatchTheirDocumentedSchemas() {
    Map<String, Object> agent =
        manualAgent("described", logStep("prepare"), approvalStep("sign-off", "any", "bob"));
    Api.Response created = checked("alice", "POST", "/api/agents", agent);
    assertThat(created.status()).isEqualTo(201);
    String agentPath = "/api/agents/" + created.text("id");

    checked("alice", "GET", "/api/agents", null);
    checked("alice", "GET", agentPath, null);
    checked("alice", "GET", agentPath + "/stats", null);
    checked("alice", "PUT", agentPath, agent);
    Api.Response started = checked("alice", "POST", agentPath + "/executions", null);
    assertThat(started.status()).isEqualTo(202);
    String executionPath = "/api/executions/" + started.text("execution_id");

    awaitStatus("alice", UUID.fromString(started.text("execution_id")), "waiting_approval");
    checked("alice", "GET", executionPath, null);
    checked("bob", "GET", executionPath, null);
    checked("alice", "GET", "/api/executions?limit=5", null);
    checked("alice", "POST", executionPath + "/pause", null);
    checked("alice", "POST", executionPath + "/resume", null);
    assertThat(checked("bob", "POST", executionPath + "/cancel", null).status()).isEqualTo(403);
    checked("alice", "POST", executionPath + "/cancel", null);
    assertThat(checked("alice", "POST", executionPath + "/pause", null).status()).isEqualTo(409);
    checked("alice", "DELETE", agentPath, null);
  }

  @Test
  void refusalsMatchTheDocumentedProblems() {
    assertThat(checked("alice", "POST", "/api/agents", Map.of("name", "")).status()).isEqualTo(400);
    assertThat(checked("alice", "GET", "/api/executions?limit=0", null).status()).isEqualTo(400);
    assertThat(checked("alice", "GET", "/api/executions?status=sleeping", null).status())
        .isEqualTo(400);
    assertThat(checked("alice", "GET", "/api/executions/" + UUID.randomUUID(), null).status())
        .isEqualTo(404);
    assertThat(checked("alice", "GET", "/api/agents/not-an-id", null).status()).isEqualTo(400);
    assertThat(checked("mallory", "GET", "/api/agents/" + UUID.randomUUID(), null).status())
        .isEqualTo(404);
    Map<String, Object> oversized = manualAgent("big", logStep("a"));
    oversized.put("description", "x".repeat(1_100_000));
    assertThat(checked("alice", "POST", "/api/agents", oversized).status()).isEqualTo(413);
  }

  private Api.Response checked(String user, String method, String path, Object body) {
    Api.Response response = api.send(user, method, path, body);
    description.assertDocuments(
        method, path, response.status(), response.contentType(), response.body());
    return response;
  }
}
