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

/** Prints live projection throughput and rebuild throughput (events/s) for 1,000 executions. */
@Tag("benchmark")
class RebuildBenchmark extends DashboardTest {

  @Test
  void liveProjectionAndRebuildThroughput() {
    List<PilotEvent> all = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ExecutionScenario run = ExecutionScenario.fiveStepsWithApprovalAtThree("bench");
      all.add(run.started());
      all.add(run.stepCompleted(0));
      all.add(run.stepCompleted(1));
      all.add(run.approvalRequested(2, ApprovalType.ANY, "victor"));
      all.add(run.responded("victor", Decision.APPROVE));
      all.add(run.resolved(ApprovalOutcome.APPROVED, "step-3"));
      all.add(run.stepCompleted(2));
      all.add(run.stepCompleted(3));
      all.add(run.stepCompleted(4));
      all.add(run.completed());
    }
    long before = completed();
    long start = System.nanoTime();
    events.publishAll(all);
    await().atMost(Duration.ofMinutes(10)).until(() -> completed() - before >= 1000);
    double liveSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "BENCHMARK live-projection events=%d seconds=%.1f events_per_second=%.0f%n",
        all.size(), liveSeconds, all.size() / liveSeconds);

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

  private long completed() {
    return jdbc.sql(
            "select count(*) from executions where status = 'completed' and owner = 'bench'")
        .query(Long.class)
        .single();
  }
}
