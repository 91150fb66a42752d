package dev.pilot.approval.response;

import static dev.pilot.approval.ExecutionEventsFixture.approvalRequested;
import static dev.pilot.approval.ExecutionEventsFixture.publish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.approval.Api;
import dev.pilot.approval.ApprovalEventsRecorded;
import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.execution.ApprovalRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Every way an answer is refused: the status and problem the caller gets, and that nothing was
 * stored or announced.
 */
@ApprovalServiceTest
class RefusedResponsesTest {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  Api api;
  long responsesBefore;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    ApprovalEventsRecorded.recorder();
    responsesBefore = storedResponses();
  }

  @Test
  void aUserWhoIsNotAnApproverCanNeitherReadNorAnswer() {
    ApprovalRequested requested = open(approvalRequested(ApprovalType.ANY, "bob", "carol"));

    Api.Reply read = api.get("mallory", path(requested));
    Api.Reply answer = api.respond("mallory", requested.approvalId(), "approve", null);

    assertThat(read.status()).isEqualTo(404);
    assertThat(read.contentType()).startsWith("application/problem+json");
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body().path("detail").asString())
        .isEqualTo(read.body().path("detail").asString());
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(api.get("mallory", "/api/approvals?status=all").body().size()).isZero();
    assertNothingStoredFor(requested);
  }

  @Test
  void theOwnerCanReadButNotAnswerWhenNotAnApprover() {
    ApprovalRequested requested = open(approvalRequested(ApprovalType.ANY, "bob"));

    assertThat(api.get("alice", path(requested)).status()).isEqualTo(200);
    assertThat(api.respond("alice", requested.approvalId(), "approve", null).status())
        .isEqualTo(403);
    assertNothingStoredFor(requested);
  }

  @Test
  void theOwnerMayNotApproveTheirOwnExecutionWhenSelfApprovalIsPrevented() {
    ApprovalRequested requested =
        open(
            approvalRequested(
                UUID.randomUUID(),
                ApprovalType.ANY,
                "bob",
                true,
                Instant.now().plus(Duration.ofHours(1)),
                "bob",
                "carol"));

    Api.Reply refused = api.respond("bob", requested.approvalId(), "approve", null);

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body().path("detail").asString()).contains("self-approval");
    assertNothingStoredFor(requested);
    JsonNode approval = api.get("bob", path(requested)).body();
    assertThat(approval.path("approvers").toString()).isEqualTo("[\"carol\"]");
    assertThat(approval.path("tally").path("total_approvers").asInt()).isOne();
    assertThat(api.respond("carol", requested.approvalId(), "approve", null).status())
        .isEqualTo(200);
  }

  @Test
  void anOwnerWhoIsTheOnlyApproverStillMayNotApproveThemselves() {
    ApprovalRequested requested =
        open(
            approvalRequested(
                UUID.randomUUID(),
                ApprovalType.ALL,
                "dave",
                true,
                Instant.now().plus(Duration.ofHours(1)),
                "dave"));

    assertThat(api.respond("dave", requested.approvalId(), "approve", null).status())
        .isEqualTo(403);
    assertNothingStoredFor(requested);
  }

  @Test
  void theOwnerMayAnswerWhenSelfApprovalIsAllowed() {
    ApprovalRequested requested =
        open(
            approvalRequested(
                UUID.randomUUID(),
                ApprovalType.ANY,
                "bob",
                false,
                Instant.now().plus(Duration.ofHours(1)),
                "bob"));

    assertThat(api.respond("bob", requested.approvalId(), "approve", null).status()).isEqualTo(200);
  }

  @Test
  void anUnknownApprovalIsNotFound() {
    UUID unknown = UUID.randomUUID();

    assertThat(api.get("bob", "/api/approvals/" + unknown).status()).isEqualTo(404);
    assertThat(api.respond("bob", unknown, "approve", null).status()).isEqualTo(404);
    assertThat(storedResponses()).isEqualTo(responsesBefore);
  }

  @Test
  void rejectsSecondResponseFromSameApprover() {
    ApprovalRequested requested = open(approvalRequested(ApprovalType.ALL, "bob", "carol"));
    assertThat(api.respond("bob", requested.approvalId(), "approve", null).status()).isEqualTo(200);

    Api.Reply again = api.respond("bob", requested.approvalId(), "reject", null);

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().path("detail").asString()).contains("already answered");
    assertThat(responsesOf(requested)).isOne();
    assertThat(api.get("bob", path(requested)).body().path("responses").get(0).path("decision"))
        .hasToString("\"approve\"");
  }

  @Test
  void refusesAnswersOnceTheApprovalIsResolved() {
    ApprovalRequested requested = open(approvalRequested(ApprovalType.ANY, "bob", "carol"));
    api.respond("bob", requested.approvalId(), "approve", null);

    Api.Reply late = api.respond("carol", requested.approvalId(), "approve", null);

    assertThat(late.status()).isEqualTo(409);
    assertThat(late.body().path("detail").asString()).contains("no longer pending");
    assertThat(responsesOf(requested)).isOne();
  }

  @Test
  void namesTheFieldOfEveryMalformedAnswer() {
    ApprovalRequested requested = open(approvalRequested(ApprovalType.ANY, "bob"));
    String comment = "x".repeat(2001);

    assertInvalid(api.post("bob", path(requested) + "/responses", "{}"), "decision");
    assertInvalid(
        api.post("bob", path(requested) + "/responses", "{\"decision\":\"maybe\"}"), "decision");
    assertInvalid(api.post("bob", path(requested) + "/responses", "{\"decision\":42}"), "decision");
    assertInvalid(
        api.post(
            "bob",
            path(requested) + "/responses",
            "{\"decision\":\"approve\",\"comment\":\"" + comment + "\"}"),
        "comment");
    assertInvalid(
        api.post(
            "bob",
            path(requested) + "/responses",
            "{\"decision\":\"approve\",\"comment\":\"a\\u0000b\"}"),
        "comment");
    assertInvalid(api.post("bob", path(requested) + "/responses", "{\"decision\":"), "body");
    assertInvalid(
        api.post("bob", "/api/approvals/not-a-uuid/responses", "{\"decision\":\"approve\"}"), "id");
    assertInvalid(api.get("bob", "/api/approvals?status=maybe"), "status");
    assertInvalid(api.get("bob", "/api/approvals?role=boss"), "role");
    assertNothingStoredFor(requested);
    assertThat(
            api.respond("bob", requested.approvalId(), "approve", "x".repeat(2000))
                .body()
                .path("status")
                .asString())
        .isEqualTo("approved");
  }

  @Test
  void refusesAnonymousCallers() {
    assertThat(api.get("nobody", "/api/approvals").status()).isEqualTo(401);
  }

  private ApprovalRequested open(ApprovalRequested requested) {
    publish(requested);
    return api.awaitOpen(requested);
  }

  private static String path(ApprovalRequested requested) {
    return "/api/approvals/" + requested.approvalId();
  }

  private static void assertInvalid(Api.Reply reply, String field) {
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(400);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.errorFields()).contains(field);
  }

  private void assertNothingStoredFor(ApprovalRequested requested) {
    assertThat(responsesOf(requested)).isZero();
    assertThat(api.get(requested.approvers().get(0), path(requested)).body().path("status"))
        .hasToString("\"pending\"");
    assertThat(ApprovalEventsRecorded.of(requested.executionId())).isEmpty();
  }

  private long responsesOf(ApprovalRequested requested) {
    return jdbc.sql("select count(*) from approval_responses where approval_id = ?")
        .param(requested.approvalId())
        .query(Long.class)
        .single();
  }

  private long storedResponses() {
    return jdbc.sql("select count(*) from approval_responses").query(Long.class).single();
  }
}
