package dev.pilot.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What the command line asked for.
 *
 * @param runs runs of the throughput phase
 * @param warmup runs started and finished before the throughput phase measures: as many as it
 *     measures by default, as the Flowable reference does (its {@code WARMUP=N}), because on two
 *     cores the JIT compiler is still busy after a shorter round and its CPU would be counted; at
 *     least 20 whatever is asked
 * @param rate the higher steady-load rate (executions/s)
 * @param sustained the lower steady-load rate
 * @param seconds seconds of each steady-load rate
 * @param instances instances of each service (all on this machine)
 * @param synchronousCommit PostgreSQL's synchronous_commit for the services' sessions
 * @param profile JFR recordings of every service and the broker during the throughput phase
 * @param serviceJvmFlags flags added to every service JVM's, after {@link BenchSystem#JVM_FLAGS}
 *     (space-separated on the command line), to measure a JIT or collector setting side by side
 * @param phases the phases to run (all by default)
 * @param out where results are written
 */
record Options(
    boolean quick,
    int runs,
    int warmup,
    int rate,
    int sustained,
    int seconds,
    int fanOutClients,
    int instances,
    boolean synchronousCommit,
    boolean profile,
    List<String> serviceJvmFlags,
    Set<String> phases,
    Path out) {

  static final Set<String> ALL_PHASES =
      Set.of("throughput", "steady", "fanout", "rebuild", "polling", "idle");

  static final String USAGE =
      """
      Usage: benchmarks/run.sh [--quick] [--runs=1500] [--warmup=RUNS] [--rate=30] [--sustained=10] [--seconds=30]
                               [--clients=5000] [--instances=1] [--sync-commit=on|off] [--profile]
                               [--service-jvm-flags="-XX:... -XX:..."]
                               [--only=throughput,steady,fanout,rebuild,polling,idle] [--out=DIR]
      """;

  static Options parse(List<String> args) {
    boolean quick = args.contains("--quick");
    for (String arg : args) {
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (!List.of(
              "--quick",
              "--runs",
              "--warmup",
              "--rate",
              "--sustained",
              "--seconds",
              "--clients",
              "--instances",
              "--sync-commit",
              "--profile",
              "--service-jvm-flags",
              "--only",
              "--out")
          .contains(name)) {
        throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
      }
    }
    String sync = text(args, "--sync-commit", "on");
    if (!sync.equals("on") && !sync.equals("off")) {
      throw new IllegalArgumentException("--sync-commit must be on or off, not " + sync);
    }
    Set<String> phases =
        args.stream().anyMatch(a -> a.startsWith("--only="))
            ? Set.of(text(args, "--only", "").split(","))
            : ALL_PHASES;
    if (!ALL_PHASES.containsAll(phases)) {
      throw new IllegalArgumentException("--only takes " + ALL_PHASES + ", not " + phases);
    }
    int instances = number(args, "--instances", 1);
    if (instances < 1 || instances > 4) {
      throw new IllegalArgumentException("--instances must be 1 to 4");
    }
    int runs = number(args, "--runs", quick ? 100 : 1500);
    return new Options(
        quick,
        runs,
        number(args, "--warmup", runs),
        number(args, "--rate", quick ? 10 : 30),
        number(args, "--sustained", quick ? 3 : 10),
        number(args, "--seconds", quick ? 5 : 30),
        number(args, "--clients", quick ? 200 : 5000),
        instances,
        sync.equals("on"),
        args.contains("--profile"),
        List.of(text(args, "--service-jvm-flags", "").trim().split("\\s+")).stream()
            .filter(flag -> !flag.isEmpty())
            .toList(),
        phases,
        Path.of(text(args, "--out", "benchmarks/results")));
  }

  boolean runs(String phase) {
    return phases.contains(phase);
  }

  private static int number(List<String> args, String name, int fallback) {
    return Integer.parseInt(text(args, name, Integer.toString(fallback)));
  }

  private static String text(List<String> args, String name, String fallback) {
    return args.stream()
        .filter(a -> a.startsWith(name + "="))
        .map(a -> a.substring(name.length() + 1))
        .findFirst()
        .orElse(fallback);
  }
}
