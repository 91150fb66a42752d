package dev.pilot.execution.approval;

import static dev.pilot.execution.AgentFixtures.approvalStep;
import static dev.pilot.execution.AgentFixtures.countingStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static dev.pilot.execution.ApprovalEvents.publish;
import static dev.pilot.execution.ApprovalEvents.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.approval.ApprovalResolved;
import dev.pilot.execution.Api;
import dev.pilot.execution.CountingStep;
import dev.pilot.execution.Recorded;
import dev.pilot.execution.ServiceTest;
import dev.pilot.execution.directory.GroupDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Approver groups and an approval step's policy (issue 15) as the execution service handles them:
 * groups resolved once when the step is reached and recorded in ApprovalRequested with the policy's
 * times, and what a resolution decided by the timeout does to the run. The test profile configures
 * {@code release-managers: bob, carol}.
 */
class ApproverGroupsAndPolicyTest extends ServiceTest {

  @Autowired GroupDirectory directory;

  @Test
  void groupMembersAreFixedWhenTheStepIsReachedAndRecordedInTheRequest() {
    UUID agent =
        agentWith(
            approval -> {
              approval.put("approvers", List.of("erin"));
              approval.put("approver_groups", List.of("release-managers"));
              approval.put("remind_after", "PT20M");
              approval.put("escalate_after", "PT40M");
              approval.put("escalate_to", Map.of("users", List.of("oscar")));
              approval.put("on_timeout", "reject");
            });
    Instant before = Instant.now();
    UUID first = start("alice", agent);
    awaitApprovalRequested(first, "review");

    // The identity now says mallory joined the group: later requests include her, this one not.
    directory.learn("mallory", List.of("release-managers"));
    UUID second = start("alice", agent);
    awaitApprovalRequested(second, "review");

    JsonNode request = Recorded.ofType(first, "ApprovalRequested").get(0);
    assertThat(names(request.path("approvers"))).containsExactly("erin", "bob", "carol");
    assertThat(request.path("approver_groups").get(0).path("group").asString())
        .isEqualTo("release-managers");
    assertThat(names(request.path("approver_groups").get(0).path("members")))
        .containsExactly("bob", "carol");
    assertThat(names(Recorded.ofType(second, "ApprovalRequested").get(0).path("approvers")))
        .containsExactly("erin", "bob", "carol", "mallory");
    Instant expires = Instant.parse(request.path("expires_at").asString());
    assertThat(request.path("remind_at")).hasSize(2);
    assertThat(Instant.parse(request.path("remind_at").get(0).asString()))
        .isBetween(before.plus(Duration.ofMinutes(20)), expires);
    assertThat(Instant.parse(request.path("escalation").path("at").asString()))
        .isBetween(before.plus(Duration.ofMinutes(40)), expires);
    assertThat(names(request.path("escalation").path("approvers"))).containsExactly("oscar");
    assertThat(request.path("on_timeout").asString()).isEqualTo("reject");
    directory.learn("mallory", List.of());
    api.post("alice", "/api/executions/" + first + "/cancel", null);
    api.post("alice", "/api/executions/" + second + "/cancel", null);
  }

  @Test
  void aStepWhoseGroupsHaveNoMembersFailsSayingSo() {
    UUID run =
        start(
            "alice",
            agentWith(
                approval -> {
                  approval.put("approvers", List.of());
                  approval.put("approver_groups", List.of("nobody-here"));
                }));

    JsonNode failed = awaitStatus("alice", run, "failed");
    assertThat(failed.path("failure_reason").asString()).isEqualTo("step_error");
    assertThat(failed.toString()).contains("nobody-here");
  }

  @Test
  void anExpiryThatRejectsFailsTheRunAsRejectedSayingTheTimeoutDecided() {
    UUID run = start("alice", agentWith(a -> a.put("on_timeout", "reject")));
    UUID approvalId = awaitApprovalRequested(run, "review");

    publish(timedOut(resolved(run, approvalId, "review", ApprovalOutcome.REJECTED)));

    JsonNode failed = awaitStatus("alice", run, "failed");
    assertThat(failed.path("failure_reason").asString()).isEqualTo("rejected");
    assertThat(failed.toString()).contains("on_timeout: reject");
    assertThat(CountingStep.started(run, "pay")).isZero();
  }

  @Test
  void anExpiryThatApprovesContinuesTheRun() {
    UUID run =
        start(
            "alice",
            agentWith(
                a -> {
                  a.put("on_timeout", "approve");
                  a.put("allow_approve_on_timeout", true);
                }));
    UUID approvalId = awaitApprovalRequested(run, "review");

    publish(timedOut(resolved(run, approvalId, "review", ApprovalOutcome.APPROVED)));

    awaitStatus("alice", run, "completed");
    assertThat(CountingStep.started(run, "pay")).isEqualTo(1);
  }

  @Test
  void refusesAPolicyThatBreaksARuleNamingTheField() {
    assertRefused(a -> a.put("on_timeout", "approve"), "pilot_steps[1].approval.on_timeout");
    assertRefused(a -> a.put("on_timeout", "maybe"), "pilot_steps[1].approval.on_timeout");
    assertRefused(a -> a.put("remind_after", "PT1S"), "pilot_steps[1].approval.remind_after");
    assertRefused(a -> a.put("remind_after", "PT2H"), "pilot_steps[1].approval.remind_after");
    assertRefused(a -> a.put("escalate_after", "PT10M"), "pilot_steps[1].approval.escalate_to");
    assertRefused(
        a -> a.put("escalate_to", Map.of("groups", List.of("finance"))),
        "pilot_steps[1].approval.escalate_after");
    assertRefused(
        a -> {
          a.put("escalate_after", "PT10M");
          a.put("escalate_to", Map.of("users", List.of()));
        },
        "pilot_steps[1].approval.escalate_to");
    assertRefused(
        a -> {
          a.put("approvers", List.of());
          a.put("approver_groups", List.of());
        },
        "pilot_steps[1].approval.approvers");
    assertRefused(
        a -> a.put("approver_groups", List.of("finance", "finance")),
        "pilot_steps[1].approval.approver_groups");
  }

  private void assertRefused(Consumer<Map<String, Object>> change, String field) {
    Api.Response refused = api.post("alice", "/api/agents", agentBody(change));
    assertThat(refused.status()).as(refused.body().toString()).isEqualTo(400);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.body().path("errors").valueStream().map(e -> e.path("field").asString()))
        .as(refused.body().toString())
        .contains(field);
  }

  private UUID agentWith(Consumer<Map<String, Object>> change) {
    return createAgent("alice", agentBody(change));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> agentBody(Consumer<Map<String, Object>> change) {
    Map<String, Object> review = approvalStep("review", "any", "bob");
    change.accept((Map<String, Object>) review.get("approval"));
    return manualAgent(
        "Groups " + UUID.randomUUID(), countingStep("fetch", 0), review, countingStep("pay", 0));
  }

  private static ApprovalResolved timedOut(ApprovalResolved r) {
    return new ApprovalResolved(
        r.eventId(),
        r.occurredAt(),
        r.executionId(),
        r.sequence(),
        r.approvalId(),
        r.stepId(),
        r.outcome(),
        0,
        0,
        r.totalApprovers(),
        r.responses(),
        null,
        null,
        true);
  }

  private static List<String> names(JsonNode array) {
    return array.valueStream().map(JsonNode::asString).toList();
  }
}
