package dev.pilot.dashboard.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.ExecutionScenario;
import dev.pilot.dashboard.ReadModel;
import dev.pilot.testsupport.api.ApiFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The approver's inbox on real Kafka and PostgreSQL: events in, each user's pending approvals out.
 */
class InboxTest extends DashboardTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Map<String, Object> PAYMENTS =
      Map.of("payments", List.of(Map.of("to", "ACME", "amount", 12000)));

  private JsonNode inbox(String user) {
    return JSON.readTree(
        as(user)
            .get()
            .uri("/api/inbox")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody());
  }

  /** The approval ids of the user's inbox, in its order, among those given. */
  private List<String> inboxOf(String user, UUID... among) {
    List<String> ids = new ArrayList<>();
    List<String> wanted = java.util.Arrays.stream(among).map(UUID::toString).toList();
    inbox(user).path("approvals").forEach(a -> ids.add(a.path("approval_id").asString()));
    return ids.stream().filter(wanted::contains).toList();
  }

  private ExecutionScenario requestedAt(Instant requestedAt) {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    run.clockAt(requestedAt);
    return run;
  }

  private void request(ExecutionScenario run, ApprovalType type, Object proposal, String... who) {
    events.publish(run.started(), run.approvalRequested(2, type, proposal, false, who));
  }

  @Test
  void listsOnlyTheApprovalsWaitingForTheCallerOldestRequestFirst() {
    Instant now = Instant.now();
    ExecutionScenario older = requestedAt(now.minus(Duration.ofHours(2)));
    ExecutionScenario newer = requestedAt(now.minus(Duration.ofHours(1)));
    ExecutionScenario carolsOnly = requestedAt(now.minus(Duration.ofHours(3)));
    // Arrival order is not request order: the newer request is projected first.
    request(newer, ApprovalType.ANY, null, "erin");
    request(older, ApprovalType.ALL, PAYMENTS, "erin", "grace");
    request(carolsOnly, ApprovalType.ANY, null, "grace");
    UUID a = older.approvalId();
    UUID b = newer.approvalId();
    UUID c = carolsOnly.approvalId();

    await().atMost(WAIT).untilAsserted(() -> assertThat(inboxOf("erin", a, b, c)).hasSize(2));

    assertThat(inboxOf("erin", a, b, c)).containsExactly(a.toString(), b.toString());
    assertThat(inboxOf("grace", a, b, c)).containsExactly(c.toString(), a.toString());
    assertThat(inboxOf("frank", a, b, c)).isEmpty();
    assertThat(inboxOf("alice", a, b, c)).as("the owner is no approver").isEmpty();

    JsonNode answer = inbox("erin");
    JsonNode item =
        answer
            .path("approvals")
            .valueStream()
            .filter(n -> n.path("approval_id").asString().equals(a.toString()))
            .findFirst()
            .orElseThrow();
    assertThat(item.path("agent_name").asString()).isEqualTo("Invoice triage");
    assertThat(item.path("step_title").asString()).isEqualTo("Manager sign-off");
    assertThat(item.path("reason").asString()).contains("Spend above 10k");
    assertThat(item.path("approval_type").asString()).isEqualTo("all");
    assertThat(item.path("proposal_summary").asString()).contains("\"payments\"", "ACME");
    assertThat(Instant.parse(item.path("requested_at").asString()))
        .isBetween(now.minus(Duration.ofHours(2)), now.minus(Duration.ofMinutes(119)));
    assertThat(Instant.parse(item.path("expires_at").asString()))
        .isAfter(now.plus(Duration.ofHours(21)));
    assertThat(item.path("tally").path("total_approvers").asInt()).isEqualTo(2);
    // The browser's types (types.js) and the fakes of the browser tests follow this fixture.
    ApiFixtures.assertSameShape("dashboard/inbox.json", answer);
  }

  @Test
  void anAnswerTakesTheApprovalOutOfTheAnswerersInboxAndTheOutcomeOutOfEveryones() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    request(run, ApprovalType.ALL, null, "heidi", "ivan");
    UUID id = run.approvalId();
    await().atMost(WAIT).untilAsserted(() -> assertThat(inboxOf("ivan", id)).hasSize(1));

    events.publish(run.responded("heidi", Decision.APPROVE));

    await().atMost(WAIT).untilAsserted(() -> assertThat(inboxOf("heidi", id)).isEmpty());
    JsonNode ivans = one("ivan", id);
    assertThat(ivans.path("tally").path("approvals").asInt()).isEqualTo(1);
    assertThat(ivans.path("tally").path("responders").toString()).contains("heidi");
    notFound("heidi", id);

    events.publish(
        run.responded("ivan", Decision.APPROVE), run.resolved(ApprovalOutcome.APPROVED, "step-3"));

    await().atMost(WAIT).untilAsserted(() -> assertThat(inboxOf("ivan", id)).isEmpty());
    notFound("ivan", id);
  }

  @Test
  void anOwnerKeptFromApprovingTheirOwnRunDoesNotSeeIt() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("judy");
    events.publish(
        run.started(), run.approvalRequested(2, ApprovalType.ANY, null, true, "judy", "oscar"));
    UUID id = run.approvalId();

    await().atMost(WAIT).untilAsserted(() -> assertThat(inboxOf("oscar", id)).hasSize(1));
    assertThat(inboxOf("judy", id)).isEmpty();
    notFound("judy", id);
  }

  @Test
  void anEscalationBringsThePendingApprovalToTheAddedApprovers() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    request(run, ApprovalType.ANY, null, "walter");
    UUID id = run.approvalId();
    await().atMost(WAIT).untilAsserted(() -> assertThat(inboxOf("walter", id)).hasSize(1));
    assertThat(inboxOf("frank", id)).isEmpty();

    events.publish(run.escalated("frank"));

    await().atMost(WAIT).untilAsserted(() -> assertThat(inboxOf("frank", id)).hasSize(1));
    JsonNode item = one("frank", id);
    assertThat(item.path("approvers").toString()).contains("walter", "frank");
    assertThat(item.path("tally").path("total_approvers").asInt()).isEqualTo(2);
    // The dashboard shows the run to the added approver too (its stream follows the same rows).
    assertThat(new ReadModel(as("frank")).running(run.executionId)).isPresent();
  }

  @Test
  void anApprovalOfSomeoneElseOrNoneAtAllIsNotFound() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("alice");
    request(run, ApprovalType.ANY, null, "peggy");
    UUID id = run.approvalId();
    await().atMost(WAIT).untilAsserted(() -> assertThat(inboxOf("peggy", id)).hasSize(1));

    notFound("victor", id);
    notFound("peggy", UUID.randomUUID());
    assertThat(one("peggy", id).path("approval_id").asString()).isEqualTo(id.toString());
  }

  private JsonNode one(String user, UUID id) {
    return JSON.readTree(
        as(user)
            .get()
            .uri("/api/inbox/" + id)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody());
  }

  private void notFound(String user, UUID id) {
    as(user)
        .get()
        .uri("/api/inbox/" + id)
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat(d.toString()).contains("waits for your answer"));
  }
}
