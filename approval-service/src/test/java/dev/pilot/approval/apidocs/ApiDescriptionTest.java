package dev.pilot.approval.apidocs;

import static dev.pilot.approval.ExecutionEventsFixture.approvalRequested;
import static dev.pilot.approval.ExecutionEventsFixture.publish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.approval.Api;
import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.testsupport.openapi.ApiDescription;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The approval API's description: served only to authenticated callers, equal to the committed
 * docs/openapi/approval-service.json, and true of what the service answers in its main flows.
 */
@ApprovalServiceTest
class ApiDescriptionTest {

  @LocalServerPort int port;
  Api api;
  ApiDescription description;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    description = ApiDescription.served(port, "bob");
  }

  @Test
  void theDescriptionAndItsPageNeedCredentialsLikeTheApi() {
    ApiDescription.assertNeedsCredentials(port);
  }

  @Test
  void theServedDescriptionIsTheCommittedOne() {
    description.assertEqualsCommitted("approval-service");
  }

  @Test
  void answersOfAnApprovalsLifeMatchTheirDocumentedSchemas() {
    ApprovalRequested first = api.awaitOpen(requested("bob", "carol"));
    ApprovalRequested second = api.awaitOpen(requested("bob"));
    String path = "/api/approvals/" + first.approvalId();

    checked("bob", "GET", "/api/approvals", null);
    checked("alice", "GET", "/api/approvals?role=owner&status=all", null);
    checked("bob", "GET", path, null);
    assertThat(checked("bob", "POST", path + "/responses", "{\"decision\":\"approve\"}").status())
        .isEqualTo(200);
    assertThat(checked("carol", "POST", path + "/responses", "{\"decision\":\"reject\"}").status())
        .isEqualTo(409);
    checked(
        "bob",
        "POST",
        "/api/approvals/bulk-responses",
        "{\"approval_ids\":[\"%s\",\"%s\"],\"decision\":\"reject\",\"comment\":\"not today\"}"
            .formatted(second.approvalId(), UUID.randomUUID()));
  }

  @Test
  void refusalsMatchTheDocumentedProblems() {
    ApprovalRequested open = api.awaitOpen(requested("bob"));
    String path = "/api/approvals/" + open.approvalId();

    assertThat(checked("bob", "GET", "/api/approvals?status=maybe", null).status()).isEqualTo(400);
    assertThat(checked("mallory", "GET", path, null).status()).isEqualTo(404);
    assertThat(
            checked("mallory", "POST", path + "/responses", "{\"decision\":\"approve\"}").status())
        .isEqualTo(404);
    assertThat(checked("alice", "POST", path + "/responses", "{\"decision\":\"approve\"}").status())
        .isEqualTo(403);
    assertThat(checked("bob", "POST", path + "/responses", "{\"decision\":\"maybe\"}").status())
        .isEqualTo(400);
    String oversized = "{\"decision\":\"approve\",\"comment\":\"" + "x".repeat(1_100_000) + "\"}";
    assertThat(checked("bob", "POST", path + "/responses", oversized).status()).isEqualTo(413);
  }

  private ApprovalRequested requested(String... approvers) {
    ApprovalRequested requested = approvalRequested(ApprovalType.ANY, approvers);
    publish(requested);
    return requested;
  }

  private Api.Reply checked(String user, String method, String path, String json) {
    Api.Reply reply = "GET".equals(method) ? api.get(user, path) : api.post(user, path, json);
    description.assertDocuments(method, path, reply.status(), reply.contentType(), reply.body());
    return reply;
  }
}
