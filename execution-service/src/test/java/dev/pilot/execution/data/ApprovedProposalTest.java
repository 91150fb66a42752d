package dev.pilot.execution.data;

import static dev.pilot.execution.AgentFixtures.action;
import static dev.pilot.execution.AgentFixtures.approvalStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.execution.Api;
import dev.pilot.execution.ApprovalEvents;
import dev.pilot.execution.LoopbackServer;
import dev.pilot.execution.ServiceTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The approval step's output is what the approvers resolved on; the next step acts on it. */
class ApprovedProposalTest extends ServiceTest {

  private final LoopbackServer bank = new LoopbackServer();

  @Test
  void anApprovalRequestCarriesTheResolvedProposalItsReasonAndWhetherItMayBeAmended() {
    bank.answer(
        "/invoices",
        200,
        "application/json",
        "{\"payments\": [{\"invoice\": \"INV-1\", \"amount\": 1200.5}], \"total\": 1200.5}");
    Map<String, Object> review = approvalStep("review", "any", "bob");
    @SuppressWarnings("unchecked")
    Map<String, Object> approval = (Map<String, Object>) review.get("approval");
    approval.put("reason", "Pay {{ steps.fetch.output.body.total }} EUR for {{ inputs.month }}");
    approval.put("proposal", "{{ steps.fetch.output.body }}");
    approval.put("editable", true);
    approval.put("proposal_schema", Map.of("type", "object", "required", List.of("payments")));
    UUID agent =
        createAgent(
            "alice",
            manualAgent(
                "proposes payments",
                action("fetch", "http", Map.of("url", bank.url("/invoices"), "method", "GET")),
                review));

    Api.Response started =
        api.post(
            "alice",
            "/api/agents/" + agent + "/executions",
            Map.of("inputs", Map.of("month", "2026-03")));
    UUID run = UUID.fromString(started.text("execution_id"));
    awaitApprovalRequested(run, "review");

    JsonNode requested = dev.pilot.execution.Recorded.ofType(run, "ApprovalRequested").get(0);
    assertThat(requested.path("reason").asString()).isEqualTo("Pay 1200.5 EUR for 2026-03");
    assertThat(requested.path("proposal").path("payments").get(0).path("invoice").asString())
        .isEqualTo("INV-1");
    assertThat(requested.path("editable").asBoolean()).isTrue();
    assertThat(requested.path("proposal_schema").path("required").get(0).asString())
        .isEqualTo("payments");
  }

  @Test
  void aProposalReferringToNothingFailsTheApprovalStepNamingTheReference() {
    Map<String, Object> review = approvalStep("review", "any", "bob");
    @SuppressWarnings("unchecked")
    Map<String, Object> approval = (Map<String, Object>) review.get("approval");
    approval.put("proposal", "{{ inputs.payments }}");
    UUID agent = createAgent("alice", manualAgent("proposes nothing", review));

    JsonNode failed = awaitStatus("alice", start("alice", agent), "failed");

    assertThat(failed.path("failure_step_id").asString()).isEqualTo("review");
    assertThat(failed.path("error").asString()).contains("{{ inputs.payments }}");
  }

  @AfterEach
  void stop() {
    bank.close();
  }

  @Test
  void theStepAfterAnApprovalReceivesExactlyTheApprovedRevision() {
    bank.answer("/pay", 200, "application/json", "{\"ok\": true}");
    UUID agent =
        createAgent(
            "alice",
            manualAgent(
                "pays what was approved",
                approvalStep("review", "any", "bob"),
                action(
                    "pay",
                    "http",
                    Map.of(
                        "url",
                        bank.url("/pay"),
                        "body",
                        "{{ steps.review.output.proposal.payments }}"))));
    UUID run = start("alice", agent);
    UUID approval = awaitApprovalRequested(run, "review");

    Map<String, Object> approved =
        Map.of("payments", List.of(Map.of("invoice", "INV-1", "amount", 1200.5)));
    ApprovalEvents.publish(
        new ApprovalResolved(
            UUID.randomUUID(),
            Instant.now(),
            run,
            3,
            approval,
            "review",
            ApprovalOutcome.APPROVED,
            1,
            0,
            1,
            List.of(
                new ApprovalResolved.Response(
                    "bob", Decision.APPROVE, "dropped INV-2", Instant.now(), 2, false)),
            approved,
            2));

    JsonNode done = awaitStatus("alice", run, "completed");

    assertThat(Api.JSON.readTree(bank.received("/pay").get(0)))
        .isEqualTo(Api.JSON.valueToTree(approved.get("payments")));
    JsonNode output = done.path("steps").get(0).path("output");
    assertThat(output.path("outcome").asString()).isEqualTo("approved");
    assertThat(output.path("revision").asInt()).isEqualTo(2);
    assertThat(output.path("responses").get(0).path("approver").asString()).isEqualTo("bob");
    assertThat(output.path("proposal")).isEqualTo(Api.JSON.valueToTree(approved));
  }
}
