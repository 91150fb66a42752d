package dev.pilot.approval.response;

import static dev.pilot.approval.ExecutionEventsFixture.approvalRequested;
import static dev.pilot.approval.ExecutionEventsFixture.publish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.approval.Api;
import dev.pilot.approval.ApprovalEventsRecorded;
import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.testsupport.api.ApiFixtures;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ApprovalServiceTest
class BulkResponsesTest {

  @LocalServerPort int port;
  Api api;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    ApprovalEventsRecorded.recorder();
  }

  @Test
  void answersEachApprovalOnItsOwnAndSaysWhyTheOthersWereNot() {
    ApprovalRequested answerable = open(approvalRequested(ApprovalType.ANY, "dave"));
    ApprovalRequested notDaves = open(approvalRequested(ApprovalType.ANY, "carol"));
    ApprovalRequested answered = open(approvalRequested(ApprovalType.ALL, "dave", "erin"));
    api.respond("dave", answered.approvalId(), "approve", null);
    UUID unknown = UUID.randomUUID();

    Api.Reply reply =
        bulk(
            "dave",
            ids(answerable.approvalId(), notDaves.approvalId(), unknown, answered.approvalId()),
            "approve",
            "batch ok");

    assertThat(reply.status()).isEqualTo(200);
    List<JsonNode> results = reply.body().path("results").valueStream().toList();
    assertThat(results)
        .extracting(r -> r.path("result").asString())
        // carol's approval is not dave's to see: not found, as if it did not exist.
        .containsExactly("answered", "not_found", "not_found", "conflict");
    assertThat(results)
        .extracting(r -> r.path("approval_id").asString())
        .containsExactly(
            answerable.approvalId().toString(),
            notDaves.approvalId().toString(),
            unknown.toString(),
            answered.approvalId().toString());
    assertThat(results.get(0).path("approval").path("status").asString()).isEqualTo("approved");
    assertThat(results.get(1).path("approval").isMissingNode()).isTrue();
    assertThat(results).allSatisfy(r -> assertThat(r.path("message").asString()).isNotBlank());
    assertThat(api.get("carol", "/api/approvals/" + notDaves.approvalId()).body().path("status"))
        .hasToString("\"pending\"");
    JsonNode stored = api.get("dave", "/api/approvals/" + answerable.approvalId()).body();
    assertThat(stored.path("responses").get(0).path("comment").asString()).isEqualTo("batch ok");
    // The dashboard's browser tests serve these fixtures: they must keep the real answers' shape.
    ApiFixtures.assertSameShape("approval/bulk-responses.json", reply.body());
    ApiFixtures.assertSameShape("approval/approval.json", stored);
  }

  @Test
  void namesTheFieldOfEveryMalformedBulkAnswer() {
    String hundredAndOne =
        IntStream.range(0, 101)
            .mapToObj(i -> "\"" + UUID.randomUUID() + "\"")
            .collect(Collectors.joining(",", "[", "]"));

    assertInvalid(bulk("dave", "[]", "approve", null), "approval_ids");
    assertInvalid(
        api.post("dave", "/api/approvals/bulk-responses", "{\"decision\":\"approve\"}"),
        "approval_ids");
    assertInvalid(bulk("dave", hundredAndOne, "approve", null), "approval_ids");
    assertInvalid(
        bulk("dave", "[\"" + UUID.randomUUID() + "\",\"nope\"]", "approve", null),
        "approval_ids[1]");
    assertInvalid(bulk("dave", ids(UUID.randomUUID()), "maybe", null), "decision");
    assertInvalid(
        api.post(
            "dave",
            "/api/approvals/bulk-responses",
            "{\"approval_ids\":" + ids(UUID.randomUUID()) + "}"),
        "decision");
    assertInvalid(bulk("dave", ids(UUID.randomUUID()), "approve", "x".repeat(2001)), "comment");
  }

  @Test
  void aRefusedBulkRequestStoresNothing() {
    ApprovalRequested requested = open(approvalRequested(ApprovalType.ANY, "dave"));

    Api.Reply refused =
        bulk("dave", "[\"" + requested.approvalId() + "\",\"nope\"]", "approve", null);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(api.get("dave", "/api/approvals/" + requested.approvalId()).body().path("status"))
        .hasToString("\"pending\"");
    assertThat(ApprovalEventsRecorded.of(requested.executionId())).isEmpty();
  }

  @Test
  void acceptsExactlyAHundredApprovals() {
    List<UUID> unknown = Collections.nCopies(100, 0).stream().map(i -> UUID.randomUUID()).toList();

    Api.Reply reply = bulk("dave", ids(unknown.toArray(UUID[]::new)), "reject", null);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().path("results").size()).isEqualTo(100);
  }

  private ApprovalRequested open(ApprovalRequested requested) {
    publish(requested);
    return api.awaitOpen(requested);
  }

  private Api.Reply bulk(String user, String idsJson, String decision, String comment) {
    String body =
        "{\"approval_ids\":%s,\"decision\":\"%s\"%s}"
            .formatted(
                idsJson, decision, comment == null ? "" : ",\"comment\":\"" + comment + "\"");
    return api.post(user, "/api/approvals/bulk-responses", body);
  }

  private static String ids(UUID... ids) {
    return java.util.Arrays.stream(ids)
        .map(id -> "\"" + id + "\"")
        .collect(Collectors.joining(",", "[", "]"));
  }

  private static void assertInvalid(Api.Reply reply, String field) {
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(400);
    assertThat(reply.errorFields()).contains(field);
  }
}
