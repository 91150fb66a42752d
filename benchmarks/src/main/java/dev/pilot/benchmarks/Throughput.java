package dev.pilot.benchmarks;

import dev.pilot.systemtests.AgentFixtures;
import dev.pilot.systemtests.PilotApi;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Executions/s and step transitions/s of a 5-step agent (4 actions, one {@code any} approval
 * answered by a scripted approver), measured from the first start to the last completion seen on
 * the topic, with what the measured runs cost (and, with {@code --profile}, JFR recordings of every
 * JVM over exactly those runs).
 */
final class Throughput {

  static final int STEPS = 5;

  /** Runs per second over the measured runs, and their cost. */
  record Result(double executionsPerSecond, PhaseCost cost) {
    double transitionsPerSecond() {
      return executionsPerSecond * STEPS;
    }
  }

  static Result run(
      BenchSystem system,
      EventTap tap,
      Counters counters,
      Profiler profiler,
      int executions,
      int warmup,
      Report report) {
    PilotApi alice = new PilotApi(system.uri(BenchSystem.Service.EXECUTION), "alice");
    UUID agent =
        UUID.fromString(
            alice.createAgent(AgentFixtures.benchmarkAgent("bob")).get("id").asString());
    Launcher launcher = new Launcher(system, "alice");
    // Warm-up: let the JIT and pools settle before measuring (see Options#warmup).
    await(tap, launcher.startAll(agent, Math.max(20, warmup)));

    if (profiler != null) {
      profiler.start();
    }
    Counters.Snapshot before = counters.take();
    long started = System.currentTimeMillis();
    List<UUID> runs = launcher.startAll(agent, executions);
    await(tap, runs);
    long finished = runs.stream().mapToLong(tap::finishedAtMillis).max().orElseThrow();
    Counters.Snapshot after = counters.take();
    if (profiler != null) {
      profiler.stopAndSummarise().forEach(line -> System.out.println("  profile " + line));
    }
    double seconds = (finished - started) / 1000.0;
    double perSecond = executions / seconds;
    report.figure("throughput.executions_per_s", perSecond, "executions/s", "");
    report.figure("throughput.step_transitions_per_s", perSecond * STEPS, "transitions/s", "");
    report.figure("throughput.executions", executions, "runs", "");
    System.out.printf(
        "throughput: %d runs in %.1f s = %.1f executions/s, %.0f step transitions/s%n",
        executions, seconds, perSecond, perSecond * STEPS);
    return new Result(perSecond, counters.between("throughput", executions, before, after));
  }

  /**
   * Waits until every run has finished. A run once finished stays finished, so each check resumes
   * at the first run not yet seen finished: looking all runs up again every pause was the driver
   * main thread's whole CPU in the measured phase (a quarter of its profile samples).
   */
  static void await(EventTap tap, List<UUID> runs) {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    int next = 0;
    while (true) {
      while (next < runs.size() && tap.finished(runs.get(next))) {
        next++;
      }
      if (next == runs.size()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            runs.stream().filter(r -> !tap.finished(r)).count() + " runs did not finish");
      }
      Pause.briefly();
    }
  }
}
