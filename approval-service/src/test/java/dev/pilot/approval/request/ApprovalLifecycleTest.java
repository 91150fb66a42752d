package dev.pilot.approval.request;

import static dev.pilot.approval.ExecutionEventsFixture.approvalRequested;
import static dev.pilot.approval.ExecutionEventsFixture.publish;
import static dev.pilot.approval.ExecutionEventsFixture.replayOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import dev.pilot.approval.Api;
import dev.pilot.approval.ApprovalEventsRecorded;
import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.approval.ExecutionEventsFixture;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.execution.ApprovalRequested;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Requested → answered → resolved, as approvers and consumers see it. Which answers decide which
 * approval type is proven exhaustively by {@code ApprovalTallyTest} (and its property); here one
 * approval and one rejection show the rules reach the API and the topic.
 */
@ApprovalServiceTest
class ApprovalLifecycleTest {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  Api api;

  @BeforeEach
  void api() {
    api = new Api(port);
    ApprovalEventsRecorded.recorder();
  }

  @Test
  void anyApprovalIsApprovedByTheFirstApprover() {
    ApprovalRequested requested = request(approvalRequested(ApprovalType.ANY, "bob", "carol"));

    Api.Reply reply = respond("carol", requested, "approve", "looks fine");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().path("status").asString()).isEqualTo("approved");
    assertThat(reply.body().path("tally").path("approvals").asInt()).isEqualTo(1);
    assertThat(reply.body().path("answered").toString()).isEqualTo("[\"carol\"]");
    assertThat(reply.body().path("awaiting").toString()).isEqualTo("[\"bob\"]");
    JsonNode resolved = awaitResolution(requested);
    assertThat(resolved.path("outcome").asString()).isEqualTo("approved");
    assertThat(resolved.path("responses").get(0).path("comment").asString())
        .isEqualTo("looks fine");
    assertThat(respond("bob", requested, "reject", null).status()).isEqualTo(409);
  }

  @Test
  void allApprovalIsRejectedByTheFirstRejection() {
    ApprovalRequested requested =
        request(approvalRequested(ApprovalType.ALL, "bob", "carol", "dave"));

    assertThat(respond("bob", requested, "approve", null).body().path("status").asString())
        .isEqualTo("pending");
    Api.Reply rejected = respond("dave", requested, "reject", "not this month");

    assertThat(rejected.body().path("status").asString()).isEqualTo("rejected");
    assertThat(rejected.body().path("resolved_at").isNull()).isFalse();
    JsonNode resolved = awaitResolution(requested);
    assertThat(resolved.path("outcome").asString()).isEqualTo("rejected");
    assertThat(resolved.path("approvals").asInt()).isEqualTo(1);
    assertThat(resolved.path("rejections").asInt()).isEqualTo(1);
    assertThat(resolved.path("total_approvers").asInt()).isEqualTo(3);
  }

  @Test
  void eachResponseIsAnnouncedWithTheTallySoFarInSequence() {
    ApprovalRequested requested =
        request(approvalRequested(ApprovalType.ALL, "bob", "carol", "dave"));

    respond("bob", requested, "approve", "ok");
    respond("carol", requested, "approve", null);
    respond("dave", requested, "approve", null);

    awaitResolution(requested);
    List<JsonNode> events = ApprovalEventsRecorded.of(requested.executionId());
    assertThat(events)
        .extracting(e -> e.path("event_type").asString())
        .containsExactly(
            "ApprovalResponseRecorded",
            "ApprovalResponseRecorded",
            "ApprovalResponseRecorded",
            "ApprovalResolved");
    assertThat(events).extracting(e -> e.path("approvals").asInt()).containsExactly(1, 2, 3, 3);
    assertThat(events).extracting(e -> e.path("sequence").asLong()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(events.get(0).path("approver").asString()).isEqualTo("bob");
    assertThat(events.get(0).path("approval_type").asString()).isEqualTo("all");
  }

  @Test
  void anApprovalOpenedBeforeItsExecutionHadAnEventCounterIsAnnouncedInSequence() {
    // As an approval opened by a build that did not create the counter with it.
    ApprovalRequested requested = request(approvalRequested(ApprovalType.ALL, "bob", "carol"));
    jdbc.sql("delete from execution_sequences where execution_id = ?")
        .param(requested.executionId())
        .update();

    respond("bob", requested, "approve", null);
    respond("carol", requested, "approve", null);

    awaitResolution(requested);
    assertThat(ApprovalEventsRecorded.of(requested.executionId()))
        .extracting(e -> e.path("event_type").asString(), e -> e.path("sequence").asLong())
        .containsExactly(
            tuple("ApprovalResponseRecorded", 1L),
            tuple("ApprovalResponseRecorded", 2L),
            tuple("ApprovalResolved", 3L));
  }

  @Test
  void theApprovalCarriesEverythingAnApproverNeeds() {
    ApprovalRequested requested = request(approvalRequested(ApprovalType.ANY, "bob", "carol"));

    JsonNode approval = api.get("bob", "/api/approvals/" + requested.approvalId()).body();

    assertThat(approval.path("approval_type").asString()).isEqualTo("any");
    assertThat(approval.path("status").asString()).isEqualTo("pending");
    assertThat(approval.path("reason").asString()).isEqualTo(requested.reason());
    assertThat(approval.path("owner").asString()).isEqualTo("alice");
    assertThat(approval.path("step_title").asString()).isEqualTo("Review invoices");
    assertThat(approval.path("approvers").toString()).isEqualTo("[\"bob\",\"carol\"]");
    assertThat(approval.path("context").path("agent_name").asString()).isEqualTo("Invoice sender");
    assertThat(approval.path("context").path("pilot_steps").get(1).path("status").asString())
        .isEqualTo("waiting_approval");
    assertThat(approval.path("expires_at").asString()).isNotEmpty();
    assertThat(approval.path("created_at").asString()).isNotEmpty();
    assertThat(approval.path("tally").path("required").asString()).isEqualTo("1 of 2 must approve");
  }

  @Test
  void listsTheCallersPendingApprovalsWithTheirTally() {
    ApprovalRequested first = request(approvalRequested(ApprovalType.ALL, "erin", "dave"));
    ApprovalRequested second = request(approvalRequested(ApprovalType.ANY, "erin"));
    respond("dave", first, "approve", null);
    respond("erin", second, "approve", null);

    List<JsonNode> pending = api.get("erin", "/api/approvals").body().valueStream().toList();
    List<JsonNode> approved =
        api.get("erin", "/api/approvals?status=approved").body().valueStream().toList();
    List<JsonNode> owned =
        api.get("alice", "/api/approvals?role=owner&status=all").body().valueStream().toList();

    assertThat(pending)
        .filteredOn(a -> a.path("approval_id").asString().equals(first.approvalId().toString()))
        .singleElement()
        .satisfies(a -> assertThat(a.path("tally").path("approvals").asInt()).isEqualTo(1));
    assertThat(pending).extracting(a -> a.path("status").asString()).containsOnly("pending");
    assertThat(approved)
        .extracting(a -> a.path("approval_id").asString())
        .contains(second.approvalId().toString())
        .doesNotContain(first.approvalId().toString());
    assertThat(owned)
        .extracting(a -> a.path("approval_id").asString())
        .contains(first.approvalId().toString(), second.approvalId().toString());
    assertThat(api.get("mallory", "/api/approvals?status=all").body().size()).isZero();
  }

  @Test
  void aRedeliveredOrReplayedRequestOpensOneApproval() {
    ApprovalRequested requested = approvalRequested(ApprovalType.ANY, "bob");
    publish(requested);
    publish(requested);
    publish(replayOf(requested));
    api.awaitOpen(requested);

    respond("bob", requested, "approve", null);
    publish(replayOf(requested));
    // A later step of the same execution: once it is open, the replay before it was applied too.
    request(
        approvalRequested(
            requested.executionId(),
            ApprovalType.ANY,
            "alice",
            false,
            requested.expiresAt(),
            "bob"));

    assertThat(
            jdbc.sql("select count(*) from approval_requests where approval_id = ?")
                .param(requested.approvalId())
                .query(Long.class)
                .single())
        .isOne();
    assertThat(
            api.get("bob", "/api/approvals/" + requested.approvalId())
                .body()
                .path("status")
                .asString())
        .isEqualTo("approved");
    assertThat(ApprovalEventsRecorded.ofType(requested.executionId(), "ApprovalResolved"))
        .hasSize(1);
  }

  @Test
  void malformedEventsAreSetAsideWithoutBlockingTheExecution() {
    ApprovalRequested valid = approvalRequested(ApprovalType.ANY, "bob");
    ApprovalRequested nobody =
        approvalRequested(valid.executionId(), ApprovalType.ANY, "alice", false, valid.expiresAt());

    ExecutionEventsFixture.publishJson(valid.executionId(), "{not json");
    publish(nobody);
    request(valid);

    assertThat(
            jdbc.sql("select count(*) from approval_requests where execution_id = ?")
                .param(valid.executionId())
                .query(Long.class)
                .single())
        .isOne();
  }

  private ApprovalRequested request(ApprovalRequested requested) {
    publish(requested);
    return api.awaitOpen(requested);
  }

  private Api.Reply respond(
      String approver, ApprovalRequested requested, String decision, String comment) {
    return api.respond(approver, requested.approvalId(), decision, comment);
  }

  private JsonNode awaitResolution(ApprovalRequested requested) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !ApprovalEventsRecorded.ofType(requested.executionId(), "ApprovalResolved")
                    .isEmpty());
    List<JsonNode> resolved =
        ApprovalEventsRecorded.ofType(requested.executionId(), "ApprovalResolved");
    assertThat(resolved).hasSize(1);
    assertThat(resolved.get(0).path("approval_id").asString())
        .isEqualTo(requested.approvalId().toString());
    return resolved.get(0);
  }
}
