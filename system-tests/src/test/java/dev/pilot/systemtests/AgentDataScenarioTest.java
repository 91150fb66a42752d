package dev.pilot.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.localstack.demo.DemoPartner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The demo's Invoice review across the whole system, against the local stack's own demo partner
 * endpoints: an amended proposal dismisses the approval already given, the rule must be met again
 * on the new revision, a stale answer gets 409, and the bank receives exactly the amended payments.
 */
class AgentDataScenarioTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  final PilotSystem system = PilotSystem.get();
  final PilotApi alice = system.api("alice");
  final PilotApi bob = system.api("bob");
  final PilotApi carol = system.api("carol");
  private DemoPartner partner;

  @BeforeEach
  void startDemoPartner() {
    // the demo agent's URLs name the demo partner's fixed port, as in the local stack
    partner = DemoPartner.start(DemoPartner.PORT);
  }

  @AfterEach
  void stopDemoPartner() {
    partner.close();
  }

  @Test
  void anAmendedProposalNeedsTheRuleMetAgainAndTheBankReceivesExactlyTheAmendment()
      throws Exception {
    String invoiceReview =
        Files.readString(
                Path.of("../local-stack/src/main/resources/demo-agents/invoice-review.json"))
            .replace(
                "\"name\": \"Invoice review\"",
                "\"name\": \"Invoice review " + UUID.randomUUID() + "\"")
            .replace(
                "\"approvers\": [\"bob\"], \"approval_type\": \"any\"",
                "\"approvers\": [\"bob\", \"carol\"], \"approval_type\": \"all\"");
    UUID agent = UUID.fromString(alice.createAgent(invoiceReview).get("id").asString());
    UUID run = alice.start(agent);

    UUID approvalId = awaitApproval(run);
    // the approval service learns of the request from the topic: wait until bob can read it
    await()
        .atMost(PATIENCE)
        .until(() -> bob.send("GET", "/api/approvals/" + approvalId, null).statusCode() == 200);
    JsonNode proposed = bob.approval(approvalId);
    assertThat(proposed.get("revision").asInt()).isEqualTo(1);
    assertThat(proposed.get("proposal").get("payments").size()).isEqualTo(3);
    assertThat(proposed.get("reason").asString())
        .isEqualTo("Pay 10740.5 EUR to this week's suppliers");

    assertThat(answer(bob, approvalId, "{\"decision\": \"approve\", \"revision\": 1}").statusCode())
        .isEqualTo(200);
    String amendment =
        """
        {"currency": "EUR",
         "payments": [{"invoice": "INV-2026-0311", "supplier": "Acme Paper", "amount": 1200.5}],
         "total": 1200.5}""";
    HttpResponse<String> amended =
        answer(
            carol,
            approvalId,
            "{\"decision\": \"approve\", \"revision\": 1, \"comment\": \"Only Acme this week\","
                + " \"proposal\": "
                + amendment
                + "}");
    assertThat(amended.statusCode()).as(amended.body()).isEqualTo(200);
    JsonNode afterAmendment = bob.approval(approvalId);
    assertThat(afterAmendment.get("revision").asInt()).isEqualTo(2);
    assertThat(afterAmendment.get("status").asString())
        .as("bob's approval of revision 1 was dismissed: the rule must be met again")
        .isEqualTo("pending");
    assertThat(afterAmendment.get("awaiting").get(0).asString()).isEqualTo("bob");
    assertThat(alice.status(run)).isEqualTo("waiting_approval");

    HttpResponse<String> stale =
        answer(bob, approvalId, "{\"decision\": \"approve\", \"revision\": 1}");
    assertThat(stale.statusCode()).isEqualTo(409);

    assertThat(answer(bob, approvalId, "{\"decision\": \"approve\", \"revision\": 2}").statusCode())
        .isEqualTo(200);
    await().atMost(PATIENCE).until(() -> "completed".equals(alice.status(run)));

    JsonNode paid = PilotApi.JSON.readTree(get(partner, "/demo/payments"));
    assertThat(paid.size()).isEqualTo(1);
    assertThat(paid.get(0).get("body")).isEqualTo(PilotApi.JSON.readTree(amendment));
    JsonNode review = alice.execution(run).get("steps").get(2).get("output");
    assertThat(review.get("outcome").asString()).isEqualTo("approved");
    assertThat(review.get("revision").asInt()).isEqualTo(2);
  }

  private UUID awaitApproval(UUID run) {
    await()
        .atMost(PATIENCE)
        .until(() -> !alice.execution(run).get("execution_state").get("approval_id").isNull());
    return UUID.fromString(
        alice.execution(run).get("execution_state").get("approval_id").asString());
  }

  private static HttpResponse<String> answer(PilotApi user, UUID approvalId, String body) {
    return user.send("POST", "/api/approvals/" + approvalId + "/responses", body);
  }

  private static String get(DemoPartner partner, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + partner.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
