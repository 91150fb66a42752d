package dev.pilot.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.testsupport.RealInfrastructure;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/** The service on real Kafka and PostgreSQL, driven through its HTTP API like a client would. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
@ActiveProfiles("test")
public abstract class ServiceTest {

  protected static final Duration PATIENCE = Duration.ofSeconds(30);

  @Value("${local.server.port}")
  int port;

  protected Api api;

  @BeforeEach
  void connect() {
    api = new Api(port);
    // After the context declared the topics with all their partitions: a recorder subscribed
    // earlier would not see partitions added later for minutes.
    Recorded.start();
  }

  protected UUID createAgent(String owner, Object body) {
    Api.Response created = api.post(owner, "/api/agents", body);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    return UUID.fromString(created.text("id"));
  }

  protected UUID start(String owner, UUID agentId) {
    Api.Response started = api.post(owner, "/api/agents/" + agentId + "/executions", null);
    assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
    return UUID.fromString(started.text("execution_id"));
  }

  protected JsonNode execution(String user, UUID executionId) {
    Api.Response response = api.get(user, "/api/executions/" + executionId);
    assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
    return response.body();
  }

  protected JsonNode awaitStatus(String user, UUID executionId, String status) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(execution(user, executionId).path("status").asString())
                    .isEqualTo(status));
    return execution(user, executionId);
  }

  /** Waits until the approval request is on the topic and returns its approval_id. */
  protected UUID awaitApprovalRequested(UUID executionId, String stepId) {
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                Recorded.ofType(executionId, "ApprovalRequested").stream()
                    .anyMatch(e -> stepId.equals(e.path("step_id").asString())));
    return UUID.fromString(
        Recorded.ofType(executionId, "ApprovalRequested").stream()
            .filter(e -> stepId.equals(e.path("step_id").asString()))
            .reduce((a, b) -> b)
            .orElseThrow()
            .path("approval_id")
            .asString());
  }
}
