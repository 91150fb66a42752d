package dev.pilot.benchmarks;

import dev.pilot.systemtests.AgentFixtures;
import dev.pilot.systemtests.DashboardStream;
import dev.pilot.systemtests.PilotApi;
import dev.pilot.systemtests.PilotSystem;
import dev.pilot.systemtests.PilotSystem.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * At a steady arrival rate: the delay from a step's commit (its StepCompleted occurred_at) to an
 * open dashboard receiving the updated row, and from an approver's answer to the next step
 * starting.
 */
final class SteadyLoad {

  static void run(
      PilotSystem system,
      EventTap tap,
      ScriptedApprover approver,
      int perSecond,
      Duration duration,
      Report report) {
    PilotApi alice = new PilotApi(system.uri(Service.EXECUTION), "alice");
    UUID agent =
        UUID.fromString(
            alice.createAgent(AgentFixtures.benchmarkAgent("bob")).get("id").asString());
    Launcher launcher = new Launcher(system.uri(Service.EXECUTION), "alice");
    List<UUID> runs = new CopyOnWriteArrayList<>();
    try (DashboardStream dashboard = DashboardStream.open(system.dashboard(), "alice")) {
      ScheduledExecutorService arrivals = Executors.newSingleThreadScheduledExecutor();
      arrivals.scheduleAtFixedRate(
          () -> launcher.start(agent).thenAccept(runs::add),
          0,
          1_000_000 / perSecond,
          TimeUnit.MICROSECONDS);
      long until = System.nanoTime() + duration.toNanos();
      while (System.nanoTime() < until) {
        Pause.briefly();
      }
      arrivals.shutdownNow();
      Throughput.await(tap, runs);
      waitForStream(dashboard, runs);

      String at = "at " + perSecond + "/s: ";
      Latencies toSse =
          Latencies.of(at + "step commit -> SSE client", stepToSse(tap, dashboard, runs));
      Latencies approvalToNext =
          Latencies.of(
              at + "approval answer -> next step started",
              approvalToNext(tap, approver, runs, "StepStarted", "c"));
      // The approval round trip in its two halves, to show where its time goes.
      Latencies answerToResolved =
          Latencies.of(
              at + "approval answer -> ApprovalResolved committed",
              approvalToNext(tap, approver, runs, "ApprovalResolved", null));
      Latencies resolvedToNext =
          Latencies.of(
              at + "ApprovalResolved committed -> next step started", resolvedToNext(tap, runs));
      System.out.printf("steady load at %d executions/s:%n", perSecond);
      System.out.println(toSse);
      System.out.println(approvalToNext);
      System.out.println(answerToResolved);
      System.out.println(resolvedToNext);
      String key = "latency.at_" + perSecond + "_per_s.";
      String target = perSecond == 30 ? "p99 < 100 ms" : "";
      report.latencies(key + "step_commit_to_sse", toSse, target);
      report.latencies(key + "approval_to_next_step", approvalToNext, target);
      report.latencies(key + "approval_answer_to_resolved", answerToResolved, "");
      report.latencies(key + "approval_resolved_to_next_step", resolvedToNext, "");
    }
  }

  /** Gives the stream a moment to deliver the last runs' final rows. */
  private static void waitForStream(DashboardStream dashboard, List<UUID> runs) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline && !runs.stream().allMatch(dashboard::removed)) {
      Pause.briefly();
    }
  }

  static List<Long> stepToSse(EventTap tap, DashboardStream dashboard, List<UUID> runs) {
    Set<UUID> mine = new HashSet<>(runs);
    List<Long> delays = new ArrayList<>();
    Set<String> counted = new HashSet<>();
    for (DashboardStream.Event event : dashboard.events()) {
      if (!event.name().equals("execution")) {
        continue;
      }
      JsonNode row = event.data();
      UUID execution = UUID.fromString(row.get("execution_id").asString());
      JsonNode completed = row.get("completed_steps");
      if (!mine.contains(execution) || completed == null || completed.size() == 0) {
        continue;
      }
      int k = completed.size();
      if (!counted.add(execution + "/" + k)) {
        continue;
      }
      tap.of(execution).stream()
          .filter(seen -> seen.type().equals("StepCompleted") && seen.completed() == k)
          .findFirst()
          .ifPresent(seen -> delays.add(event.receivedAtMillis() - seen.occurredAtMillis()));
    }
    return delays;
  }

  /** From the decisive answer to the first event of the given type (and step) of each run. */
  static List<Long> approvalToNext(
      EventTap tap, ScriptedApprover approver, List<UUID> runs, String type, String stepId) {
    List<Long> delays = new ArrayList<>();
    for (UUID run : runs) {
      Long answered = approver.answeredAt(run);
      if (answered == null) {
        continue;
      }
      firstOf(tap, run, type, stepId)
          .ifPresent(seen -> delays.add(seen.occurredAtMillis() - answered));
    }
    return delays;
  }

  static List<Long> resolvedToNext(EventTap tap, List<UUID> runs) {
    List<Long> delays = new ArrayList<>();
    for (UUID run : runs) {
      firstOf(tap, run, "ApprovalResolved", null)
          .ifPresent(
              resolved ->
                  firstOf(tap, run, "StepStarted", "c")
                      .ifPresent(
                          next ->
                              delays.add(next.occurredAtMillis() - resolved.occurredAtMillis())));
    }
    return delays;
  }

  private static java.util.Optional<EventTap.Seen> firstOf(
      EventTap tap, UUID run, String type, String stepId) {
    return tap.of(run).stream()
        .filter(seen -> seen.type().equals(type))
        .filter(seen -> stepId == null || stepId.equals(seen.stepId()))
        .findFirst();
  }
}
