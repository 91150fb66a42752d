package dev.pilot.execution.approval;

import static dev.pilot.execution.AgentFixtures.approvalStep;
import static dev.pilot.execution.AgentFixtures.logStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static dev.pilot.execution.ApprovalEvents.publish;
import static dev.pilot.execution.ApprovalEvents.resolved;
import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.execution.Recorded;
import dev.pilot.execution.ServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The wake-up after an approval: ApprovalResolved applied (the consumer's commit, whose
 * StepCompleted carries its time) → the next step's StepStarted (the claim's commit), and from the
 * moment the outcome was published. Resolutions arrive one at a time, about 30 per second. Prints,
 * never asserts.
 */
@Tag("benchmark")
// All RUNS wait for approval at once, one owner: above the default limit of 100 active runs.
@TestPropertySource(properties = "pilot.execution.max-active-per-owner=150")
class ApprovalWakeBenchmark extends ServiceTest {

  static final int RUNS = 150;

  @Test
  void approvalResolvedToNextStepStarted() {
    UUID agent =
        createAgent(
            "alice",
            manualAgent(
                "Wake " + UUID.randomUUID(),
                logStep("fetch"),
                approvalStep("review", "any", "bob"),
                logStep("pay")));
    List<UUID> runs = new ArrayList<>();
    List<UUID> approvals = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      runs.add(start("alice", agent));
    }
    for (UUID run : runs) {
      approvals.add(awaitApprovalRequested(run, "review"));
    }
    List<Instant> published = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      LockSupport.parkNanos(Duration.ofMillis(33).toNanos());
      published.add(Instant.now());
      publish(resolved(runs.get(i), approvals.get(i), "review", ApprovalOutcome.APPROVED));
    }
    List<Long> applied = new ArrayList<>();
    List<Long> endToEnd = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      UUID run = runs.get(i);
      await().atMost(PATIENCE).until(() -> stepStarted(run, "pay") != null);
      Instant completed = time(Recorded.ofType(run, "StepCompleted"), "review");
      Instant next = stepStarted(run, "pay");
      applied.add(Duration.between(completed, next).toNanos() / 1_000);
      endToEnd.add(Duration.between(published.get(i), next).toNanos() / 1_000);
    }
    System.out.printf(
        "%nBENCHMARK approval wake-up, %d runs, one resolution every 33 ms:%n"
            + "  ApprovalResolved applied (consumer commit) -> next StepStarted: %s%n"
            + "  ApprovalResolved published -> next StepStarted: %s%n",
        RUNS, percentiles(applied), percentiles(endToEnd));
  }

  private static Instant stepStarted(UUID run, String stepId) {
    return time(Recorded.ofType(run, "StepStarted"), stepId);
  }

  private static Instant time(List<JsonNode> events, String stepId) {
    return events.stream()
        .filter(e -> stepId.equals(e.path("step_id").asString()))
        .map(e -> Instant.parse(e.path("occurred_at").asString()))
        .findFirst()
        .orElse(null);
  }

  private static String percentiles(List<Long> micros) {
    List<Long> sorted = new ArrayList<>(micros);
    sorted.sort(null);
    return String.format(
        "p50 %.1f ms, p99 %.1f ms, max %.1f ms",
        sorted.get(sorted.size() / 2) / 1000.0,
        sorted.get(sorted.size() * 99 / 100) / 1000.0,
        sorted.get(sorted.size() - 1) / 1000.0);
  }
}
