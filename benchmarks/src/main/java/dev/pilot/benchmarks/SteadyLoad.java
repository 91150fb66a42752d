package dev.pilot.benchmarks;

import dev.pilot.systemtests.AgentFixtures;
import dev.pilot.systemtests.DashboardStream;
import dev.pilot.systemtests.PilotApi;
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

  /** The two latencies of the table at one rate, their hops, and what the runs cost. */
  record Result(
      int perSecond,
      Latencies toSse,
      Latencies approvalToNext,
      List<Latencies> hops,
      PhaseCost cost) {}

  static Result run(
      BenchSystem system,
      EventTap tap,
      Counters counters,
      ScriptedApprover approver,
      int perSecond,
      Duration duration,
      Report report) {
    PilotApi alice = new PilotApi(system.uri(BenchSystem.Service.EXECUTION), "alice");
    UUID agent =
        UUID.fromString(
            alice.createAgent(AgentFixtures.benchmarkAgent("bob")).get("id").asString());
    Launcher launcher = new Launcher(system, "alice");
    // The same load, unmeasured, for a third of the phase first: the paths a steady rate takes
    // (one record per poll, the stream's small writes) are not the throughput phase's, and the JIT
    // compilers' first work on them would otherwise be counted in the latencies and the CPU.
    try (DashboardStream warming = DashboardStream.open(system.dashboard(), "alice")) {
      Throughput.await(tap, arrive(launcher, agent, perSecond, duration.dividedBy(3)));
    }
    try (DashboardStream dashboard = DashboardStream.open(system.dashboard(), "alice")) {
      Counters.Snapshot before = counters.take();
      List<UUID> runs = arrive(launcher, agent, perSecond, duration);
      Throughput.await(tap, runs);
      waitForStream(dashboard, runs);
      Counters.Snapshot after = counters.take();

      String at = "at " + perSecond + "/s: ";
      Latencies toSse =
          Latencies.of(at + "step commit -> SSE client", stepToSse(tap, dashboard, runs));
      Latencies approvalToNext =
          Latencies.of(
              at + "approval answer -> next step started",
              approvalToNext(tap, approver, runs, "StepStarted", "c"));
      List<Latencies> hops = hops(tap, approver, dashboard, runs);
      System.out.printf(
          "steady load at %d executions/s: %s; %s%n", perSecond, toSse, approvalToNext);
      String key = "latency.at_" + perSecond + "_per_s.";
      report.latencies(key + "step_commit_to_sse", toSse, "");
      report.latencies(key + "approval_to_next_step", approvalToNext, "");
      hops.forEach(h -> report.latencies(key + "hop." + h.name(), h, ""));
      return new Result(
          perSecond,
          toSse,
          approvalToNext,
          hops,
          counters.between("steady load at " + perSecond + "/s", runs.size(), before, after));
    }
  }

  /** Starts runs at a fixed rate for a while; returns them (some may still be running). */
  private static List<UUID> arrive(
      Launcher launcher, UUID agent, int perSecond, Duration duration) {
    List<UUID> runs = new CopyOnWriteArrayList<>();
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
    return runs;
  }

  /**
   * Each latency split at the timestamps the events carry: {@code occurred_at} (the commit of the
   * change), the Kafka record's timestamp (when the outbox relay sent it), when an independent
   * consumer (this driver) received it, and when the approver answered or the dashboard delivered.
   */
  static List<Latencies> hops(
      EventTap tap, ScriptedApprover approver, DashboardStream dashboard, List<UUID> runs) {
    List<Long> answerToResolved = new ArrayList<>();
    List<Long> resolvedRelay = new ArrayList<>();
    List<Long> resolvedSentToNext = new ArrayList<>();
    List<Long> stepRelay = new ArrayList<>();
    List<Long> sentToConsumer = new ArrayList<>();
    List<Long> sentToSse = new ArrayList<>();
    for (UUID run : runs) {
      Long answered = approver.answeredAt(run);
      java.util.Optional<EventTap.Seen> resolved = firstOf(tap, run, "ApprovalResolved", null);
      java.util.Optional<EventTap.Seen> next = firstOf(tap, run, "StepStarted", "c");
      if (answered != null && resolved.isPresent()) {
        answerToResolved.add(resolved.get().occurredAtMillis() - answered);
      }
      resolved.ifPresent(r -> resolvedRelay.add(r.sentAtMillis() - r.occurredAtMillis()));
      if (resolved.isPresent() && next.isPresent()) {
        resolvedSentToNext.add(next.get().occurredAtMillis() - resolved.get().sentAtMillis());
      }
      for (EventTap.Seen seen : tap.of(run)) {
        if (seen.type().equals("StepCompleted")) {
          stepRelay.add(seen.sentAtMillis() - seen.occurredAtMillis());
          sentToConsumer.add(seen.receivedAtMillis() - seen.sentAtMillis());
        }
      }
    }
    Set<UUID> mine = new HashSet<>(runs);
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
      if (counted.add(execution + "/" + k)) {
        tap.of(execution).stream()
            .filter(seen -> seen.type().equals("StepCompleted") && seen.completed() == k)
            .findFirst()
            .ifPresent(seen -> sentToSse.add(event.receivedAtMillis() - seen.sentAtMillis()));
      }
    }
    return List.of(
        Latencies.of(
            "approval answer -> ApprovalResolved committed (approval-service)", answerToResolved),
        Latencies.of(
            "ApprovalResolved committed -> sent to Kafka (approval outbox relay)", resolvedRelay),
        Latencies.of(
            "ApprovalResolved sent -> next StepStarted committed (broker, execution consumer, claim)",
            resolvedSentToNext),
        Latencies.of(
            "StepCompleted committed -> sent to Kafka (execution outbox relay)", stepRelay),
        Latencies.of(
            "StepCompleted sent -> received by a plain consumer (broker, fetch)", sentToConsumer),
        Latencies.of(
            "StepCompleted sent -> SSE client (broker, dashboard projection, SSE)", sentToSse));
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
