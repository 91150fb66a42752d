package dev.pilot.benchmarks;

import dev.pilot.systemtests.PilotSystem;
import dev.pilot.systemtests.PilotSystem.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every benchmark against one local system and writes the results. {@code --quick} shrinks
 * every workload for a smoke run.
 */
public final class Benchmarks {

  private Benchmarks() {}

  public static void main(String[] args) {
    try {
      run(List.of(args));
      System.exit(0);
    } catch (Exception | Error failure) {
      // The broker and database threads would keep a failed run alive: exit for real.
      failure.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(List<String> args) throws Exception {
    boolean quick = args.contains("--quick");
    int throughputRuns = option(args, "--runs", quick ? 100 : 1500);
    int rate = option(args, "--rate", quick ? 10 : 30);
    int sustained = option(args, "--sustained", quick ? 3 : 10);
    int steadySeconds = option(args, "--seconds", quick ? 5 : 30);
    Path results = Path.of("benchmarks", "results");
    long started = System.nanoTime();
    PilotSystem system =
        PilotSystem.forBenchmarks(
            Path.of("benchmarks", "target", "system-" + System.currentTimeMillis()));
    System.out.printf("system up in %.1f s%n", (System.nanoTime() - started) / 1e9);
    Report report = new Report();
    try (EventTap tap = new EventTap(system.kafkaBootstrapServers())) {
      ScriptedApprover approver = new ScriptedApprover(system.uri(Service.APPROVAL), "bob", tap);
      Throughput.run(system, tap, throughputRuns, report);
      // At the target's rate, and at a rate this machine sustains (latency without a queue).
      for (int perSecond : List.of(rate, sustained)) {
        SteadyLoad.run(system, tap, approver, perSecond, Duration.ofSeconds(steadySeconds), report);
      }
      FanOut.run(system, tap, quick ? 100 : 1000, 10, report);
      FanOut.run(system, tap, quick ? 200 : 5000, 10, report);
      Rebuild.run(system, report);
      PollingBaseline.run(
          system,
          tap,
          quick ? 100 : 1000,
          quick ? Duration.ofSeconds(10) : Duration.ofSeconds(30),
          report);
      PollingBaseline.idleSse(
          system,
          quick ? 100 : 1000,
          quick ? Duration.ofSeconds(5) : Duration.ofSeconds(20),
          report);
      System.out.println("scripted approver failures: " + approver.failures());
    } finally {
      system.close();
    }
    Map<String, Object> environment = new LinkedHashMap<>();
    environment.put("cores", Runtime.getRuntime().availableProcessors());
    environment.put("java", System.getProperty("java.version"));
    environment.put("service_jvm_flags", PilotSystem.BENCHMARK_JVM_FLAGS);
    environment.put("quick", quick);
    report.write(results, environment);
    System.out.println("results written to " + results.toAbsolutePath());
  }

  /** {@code --name=value} from the arguments, or the default. */
  private static int option(List<String> args, String name, int fallback) {
    return args.stream()
        .filter(a -> a.startsWith(name + "="))
        .map(a -> Integer.parseInt(a.substring(name.length() + 1)))
        .findFirst()
        .orElse(fallback);
  }
}
