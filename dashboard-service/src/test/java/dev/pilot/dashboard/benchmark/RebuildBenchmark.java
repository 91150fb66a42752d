package dev.pilot.dashboard.benchmark;

import static org.awaitility.Awaitility.await;

import dev.pilot.contracts.ApprovalOutcome;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.PilotEvent;
import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.ExecutionScenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;

/**
 * Prints live projection throughput (events/s) for a burst of runs published at once (default 1,500
 * runs of 14 events, {@code -Dbench.executions}), then tops the topics up with more runs ({@code
 * -Dbench.more-executions}, default 2,500) and prints the rebuild throughput over everything the
 * topics hold.
 */
@Tag("benchmark")
class RebuildBenchmark extends DashboardTest {

  private static final List<String> BINDINGS = List.of("dashboardEvents-in-0");

  @Autowired BindingsLifecycleController bindings;

  @Test
  void liveProjectionAndRebuildThroughput() {
    live("burst", Integer.getInteger("bench.executions", 1500), false);
    live("backlog", Integer.getInteger("bench.more-executions", 2500), true);

    String result =
        as("bench")
            .post()
            .uri("/api/admin/rebuild")
            .cookie("XSRF-TOKEN", "b")
            .header("X-XSRF-TOKEN", "b")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    System.out.println("BENCHMARK rebuild " + result);
  }

  /**
   * @param backlog publish with the consumers stopped, then start them and time only the catch-up
   *     (the projection's own rate, not bounded by how fast the test publishes)
   */
  private void live(String name, int executions, boolean backlog) {
    List<PilotEvent> all = new ArrayList<>();
    for (int i = 0; i < executions; i++) {
      all.addAll(approvedRun());
    }
    long before = completed();
    long start = System.nanoTime();
    if (backlog) {
      BINDINGS.forEach(bindings::stop);
    }
    events.publishAll(all);
    double publishSeconds = (System.nanoTime() - start) / 1e9;
    if (backlog) {
      start = System.nanoTime();
      BINDINGS.forEach(bindings::start);
    }
    await()
        .atMost(Duration.ofMinutes(15))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> completed() - before >= executions);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "BENCHMARK live-projection %s executions=%d events=%d publish_seconds=%.1f seconds=%.1f"
            + " events_per_second=%.0f%n",
        name, executions, all.size(), publishSeconds, seconds, all.size() / seconds);
  }

  /** The 14 events of a five-step run approved at step 3. */
  private static List<PilotEvent> approvedRun() {
    ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("bench");
    return List.of(
        run.started(),
        run.stepStarted(0),
        run.stepCompleted(0),
        run.stepStarted(1),
        run.stepCompleted(1),
        run.approvalRequested(2, ApprovalType.ANY, "victor"),
        run.responded("victor", Decision.APPROVE),
        run.resolved(ApprovalOutcome.APPROVED, "step-3"),
        run.stepCompleted(2),
        run.stepStarted(3),
        run.stepCompleted(3),
        run.stepStarted(4),
        run.stepCompleted(4),
        run.completed());
  }

  private long completed() {
    return jdbc.sql(
            "select count(*) from executions where status = 'completed' and owner = 'bench'")
        .query(Long.class)
        .single();
  }
}
