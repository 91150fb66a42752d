package dev.pilot.approval.response;

import static dev.pilot.approval.ExecutionEventsFixture.approvalRequested;
import static dev.pilot.approval.ExecutionEventsFixture.publish;
import static dev.pilot.approval.ExecutionEventsFixture.withProposal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import dev.pilot.approval.Api;
import dev.pilot.approval.ApprovalEventsRecorded;
import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.execution.ApprovalRequested;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Approvals bound to a proposal: revisions, amendments, dismissed answers, stale answers. */
@ApprovalServiceTest
class ProposalRevisionsTest {

  private static final Map<String, Object> PAYMENTS =
      Map.of(
          "payments",
          List.of(
              Map.of("invoice", "INV-1", "supplier", "Acme", "amount", 1200.5),
              Map.of("invoice", "INV-2", "supplier", "Globex", "amount", 80)),
          "total",
          1280.5);
  private static final JsonNode PAYMENTS_JSON =
      Api.parse(
          """
          {"payments": [{"invoice": "INV-1", "supplier": "Acme", "amount": 1200.5},
                        {"invoice": "INV-2", "supplier": "Globex", "amount": 80}],
           "total": 1280.5}""");
  private static final Map<String, Object> SCHEMA =
      Map.of(
          "type",
          "object",
          "required",
          List.of("payments"),
          "properties",
          Map.of(
              "payments",
              Map.of(
                  "type",
                  "array",
                  "items",
                  Map.of(
                      "type",
                      "object",
                      "required",
                      List.of("invoice", "amount"),
                      "properties",
                      Map.of("amount", Map.of("type", "number", "exclusiveMinimum", 0))))));
  private static final String ONLY_ACME =
      """
      {"payments": [{"invoice": "INV-1", "supplier": "Acme", "amount": 1200.5}], "total": 1200.5}""";

  @LocalServerPort int port;
  Api api;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    ApprovalEventsRecorded.recorder();
  }

  @Test
  void theProposalIsShownAtRevisionOne() {
    ApprovalRequested requested = open(ApprovalType.ANY, true, "bob");

    JsonNode shown = api.get("bob", path(requested)).body();

    assertThat(shown.path("revision").asInt()).isEqualTo(1);
    assertThat(shown.path("editable").asBoolean()).isTrue();
    assertThat(shown.path("proposal")).isEqualTo(PAYMENTS_JSON);
    assertThat(shown.path("proposal_schema").path("required").get(0).asString())
        .isEqualTo("payments");
  }

  @Test
  void anAmendmentBecomesTheNextRevisionDismissesEarlierAnswersAndNeedsTheRuleMetAgain() {
    ApprovalRequested requested = open(ApprovalType.ALL, true, "bob", "carol");

    assertThat(respond(requested, "bob", "{\"decision\": \"approve\", \"revision\": 1}").status())
        .isEqualTo(200);
    Api.Reply amended =
        respond(
            requested,
            "carol",
            "{\"decision\": \"approve\", \"revision\": 1, \"comment\": \"INV-2 is disputed\","
                + " \"proposal\": "
                + ONLY_ACME
                + "}");

    assertThat(amended.status()).as(amended.body().toString()).isEqualTo(200);
    JsonNode shown = amended.body();
    assertThat(shown.path("revision").asInt()).isEqualTo(2);
    assertThat(shown.path("proposal")).isEqualTo(Api.parse(ONLY_ACME));
    assertThat(shown.path("status").asString())
        .as("bob must approve revision 2")
        .isEqualTo("pending");
    assertThat(shown.path("awaiting").valueStream().map(JsonNode::asString)).containsExactly("bob");
    assertThat(shown.path("responses").valueStream())
        .extracting(
            r -> r.path("approver").asString(),
            r -> r.path("revision").asInt(),
            r -> r.path("dismissed").asBoolean())
        .containsExactly(tuple("bob", 1, true), tuple("carol", 2, false));

    assertThat(respond(requested, "bob", "{\"decision\": \"approve\", \"revision\": 2}").status())
        .isEqualTo(200);

    JsonNode resolved = awaitResolved(requested);
    assertThat(resolved.path("outcome").asString()).isEqualTo("approved");
    assertThat(resolved.path("revision").asInt()).isEqualTo(2);
    assertThat(resolved.path("proposal")).isEqualTo(Api.parse(ONLY_ACME));
    assertThat(resolved.path("approvals").asInt()).isEqualTo(2);
    assertThat(resolved.path("responses").valueStream())
        .extracting(
            r -> r.path("approver").asString(),
            r -> r.path("revision").asInt(),
            r -> r.path("dismissed").asBoolean())
        .containsExactly(tuple("bob", 1, true), tuple("carol", 2, false), tuple("bob", 2, false));
  }

  @Test
  void anAnswerToARevisionNoLongerCurrentGets409AndCountsForNothing() {
    ApprovalRequested requested = open(ApprovalType.ALL, true, "bob", "carol");
    respond(requested, "carol", "{\"decision\": \"approve\", \"proposal\": " + ONLY_ACME + "}");

    Api.Reply stale = respond(requested, "bob", "{\"decision\": \"approve\", \"revision\": 1}");

    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.contentType()).startsWith("application/problem+json");
    assertThat(stale.body().path("detail").asString()).contains("revision 2");
    assertThat(api.get("bob", path(requested)).body().path("awaiting").get(0).asString())
        .isEqualTo("bob");
  }

  @Test
  void anAmendmentThatBreaksTheSchemaIsRefusedNamingTheField() {
    ApprovalRequested requested = open(ApprovalType.ANY, true, "bob");

    Api.Reply refused =
        respond(
            requested,
            "bob",
            "{\"decision\": \"approve\", \"proposal\": {\"payments\": [{\"invoice\": \"INV-1\","
                + " \"amount\": -5}]}}");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorFields()).containsExactly("proposal.payments[0].amount");
    assertThat(api.get("bob", path(requested)).body().path("revision").asInt()).isEqualTo(1);
  }

  @Test
  void aProposalThatIsNotEditableCannotBeAmended() {
    ApprovalRequested requested = open(ApprovalType.ANY, false, "bob");

    Api.Reply refused =
        respond(requested, "bob", "{\"decision\": \"approve\", \"proposal\": " + ONLY_ACME + "}");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorFields()).containsExactly("proposal");
    assertThat(api.get("bob", path(requested)).body().path("status").asString())
        .isEqualTo("pending");
  }

  @Test
  void approvingAsIsResolvesWithTheProposalAtItsRevision() {
    ApprovalRequested requested = open(ApprovalType.ANY, true, "bob");

    respond(requested, "bob", "{\"decision\": \"approve\", \"revision\": 1}");

    JsonNode resolved = awaitResolved(requested);
    assertThat(resolved.path("revision").asInt()).isEqualTo(1);
    assertThat(resolved.path("proposal")).isEqualTo(PAYMENTS_JSON);
    assertThat(
            ApprovalEventsRecorded.ofType(requested.executionId(), "ApprovalResponseRecorded")
                .get(0)
                .path("revision")
                .asInt())
        .isEqualTo(1);
  }

  private ApprovalRequested open(ApprovalType type, boolean editable, String... approvers) {
    ApprovalRequested requested =
        withProposal(approvalRequested(type, approvers), PAYMENTS, editable, SCHEMA);
    publish(requested);
    return api.awaitOpen(requested);
  }

  private Api.Reply respond(ApprovalRequested requested, String approver, String body) {
    return api.post(approver, path(requested) + "/responses", body);
  }

  private static String path(ApprovalRequested requested) {
    return "/api/approvals/" + requested.approvalId();
  }

  private static JsonNode awaitResolved(ApprovalRequested requested) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !ApprovalEventsRecorded.ofType(requested.executionId(), "ApprovalResolved")
                    .isEmpty());
    return ApprovalEventsRecorded.ofType(requested.executionId(), "ApprovalResolved").get(0);
  }
}
