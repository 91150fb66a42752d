package dev.pilot.benchmarks;

import dev.pilot.localstack.kafka.KafkaBroker;
import dev.pilot.localstack.kafka.KafkaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Runs every benchmark against one local system, prints one summary table (issue 12's figures
 * beside their targets) and where the time went, and writes the results. Also the entry point of
 * the broker's own JVM ({@code --broker=...}) and of the comparison with Flowable ({@code --compare
 * ...}).
 */
public final class Benchmarks {

  static final String BROKER_READY = "BENCHMARK BROKER READY";

  private Benchmarks() {}

  public static void main(String[] args) {
    try {
      if (args.length > 0 && args[0].startsWith("--broker=")) {
        broker(args[0].substring("--broker=".length()));
        return;
      }
      if (args.length > 0 && args[0].equals("--compare")) {
        Compare.main(List.of(args).subList(1, args.length));
        System.exit(0);
      }
      Options options = Options.parse(List.of(args));
      OptionalInt relaunched = DriverJvm.relaunchUnlessFlagged(args);
      if (relaunched.isPresent()) {
        System.exit(relaunched.getAsInt());
      }
      run(options);
      System.exit(0);
    } catch (Exception | Error failure) {
      // The broker and database threads would keep a failed run alive: exit for real.
      failure.printStackTrace();
      System.exit(1);
    }
  }

  /** The broker's JVM: runs until its standard input closes (the driver ended or died). */
  private static void broker(String spec) throws IOException {
    String[] parts = spec.split(",", 3);
    KafkaBroker broker =
        KafkaBroker.start(
            new KafkaSettings(
                Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Path.of(parts[2])));
    System.out.println(BROKER_READY);
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for end of input
    }
    broker.stop();
    System.exit(0);
  }

  private static void run(Options options) throws Exception {
    long started = System.nanoTime();
    Path dataDir = Path.of("benchmarks", "target", "system-" + System.currentTimeMillis());
    BenchSystem system =
        new BenchSystem(
            dataDir, options.instances(), options.synchronousCommit(), options.serviceJvmFlags());
    String fsync = system.fsync();
    System.out.printf(
        "system up in %.1f s: %d instance(s) of each service, PostgreSQL synchronous_commit=%s,"
            + " fsync=%s, SQL statements per role %s%n",
        (System.nanoTime() - started) / 1e9,
        options.instances(),
        system.synchronousCommit(),
        fsync,
        system.statementsTracked() ? "counted (pg_stat_statements)" : "not counted");
    Report report = new Report();
    Measured measured = new Measured();
    try (EventTap tap = new EventTap(system.kafkaBootstrapServers());
        Counters counters = new Counters(system)) {
      ScriptedApprover approver = new ScriptedApprover(system, "bob", tap);
      if (options.runs("throughput")) {
        Profiler profiler =
            options.profile() ? withDriver(system, options.out().resolve("profile")) : null;
        measured.throughput =
            Throughput.run(
                system, tap, counters, profiler, options.runs(), options.warmup(), report);
      }
      if (options.runs("steady")) {
        // At the target's higher rate, and at the lower one.
        for (int perSecond : List.of(options.rate(), options.sustained())) {
          measured.steady.put(
              perSecond,
              SteadyLoad.run(
                  system,
                  tap,
                  counters,
                  approver,
                  perSecond,
                  Duration.ofSeconds(options.seconds()),
                  report));
        }
      }
      if (options.runs("fanout")) {
        FanOut.run(system, tap, options.quick() ? 100 : 1000, 10, null, report);
        // With --profile: the services, the broker and the driver itself (its SSE clients share
        // the machine) over the fan-out's runs.
        Profiler profiler =
            options.profile() ? withDriver(system, options.out().resolve("profile-fanout")) : null;
        measured.fanOut = FanOut.run(system, tap, options.fanOutClients(), 10, profiler, report);
      }
      if (options.runs("rebuild")) {
        measured.rebuild = Rebuild.run(system, report);
      }
      if (options.runs("polling")) {
        PollingBaseline.run(
            system,
            tap,
            options.quick() ? 100 : 1000,
            options.quick() ? Duration.ofSeconds(10) : Duration.ofSeconds(30),
            report);
      }
      if (options.runs("idle")) {
        measured.idle =
            PollingBaseline.idleSse(
                system,
                counters,
                options.quick() ? 100 : 1000,
                options.quick() ? Duration.ofSeconds(5) : Duration.ofSeconds(20));
      }
      measured.approverFailures = approver.failures();
    } finally {
      system.close();
    }
    Summary summary = measured.summary(options);
    String title =
        String.format(
            "Pilot benchmark, %s, %d instance(s) per service, synchronous_commit=%s, fsync=%s,"
                + " %d cores%s",
            Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC",
            options.instances(),
            system.synchronousCommit(),
            fsync,
            Runtime.getRuntime().availableProcessors(),
            options.quick() ? ", QUICK (not for quoting)" : "");
    String rendered = summary.render(title);
    report.summary(summary, rendered);
    measured.explain(report);
    Map<String, Object> environment = new LinkedHashMap<>();
    environment.put("cores", Runtime.getRuntime().availableProcessors());
    environment.put("java", System.getProperty("java.version"));
    environment.put("service_jvm_flags", BenchSystem.jvmFlags(options.serviceJvmFlags()));
    environment.put("instances", options.instances());
    environment.put("synchronous_commit", system.synchronousCommit());
    environment.put("fsync", fsync);
    environment.put("options", options.toString());
    environment.put("commit", System.getenv().getOrDefault("PILOT_COMMIT", "unknown"));
    report.write(options.out(), environment);
    System.out.println();
    System.out.print(rendered);
    System.out.println();
    System.out.println("Where time goes:");
    report.whereTimeGoes().forEach(System.out::println);
    System.out.println("results written to " + options.out().toAbsolutePath());
    try {
      Files.writeString(options.out().resolve("summary.txt"), rendered);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A profiler of the services, the broker and this driver: the driver shares the machine with what
   * it measures, so what it spends is recorded beside them.
   */
  private static Profiler withDriver(BenchSystem system, Path directory) {
    Map<String, Long> jvms = Profiler.jvmsOf(system);
    jvms.put("driver", ProcessHandle.current().pid());
    return new Profiler(jvms, directory);
  }

  /** What the phases measured, gathered for the summary. */
  private static final class Measured {
    Throughput.Result throughput;
    final Map<Integer, SteadyLoad.Result> steady = new LinkedHashMap<>();
    Latencies fanOut;
    double rebuild = Double.NaN;
    PollingBaseline.IdleCost idle;
    long approverFailures;

    Summary summary(Options options) {
      Summary s = new Summary();
      if (throughput != null) {
        s.add(
            "throughput",
            "throughput, 5-step run with one any approval",
            String.format(
                "%.1f executions/s = %.0f transitions/s",
                throughput.executionsPerSecond(), throughput.transitionsPerSecond()),
            throughput.transitionsPerSecond(),
            Target.atLeast(300, ">= Flowable in the same session (~300 transitions/s)"));
      }
      for (SteadyLoad.Result r : steady.values()) {
        int rate = r.perSecond();
        boolean low = rate <= 10;
        s.latency(
            "approval_to_next_step_at_" + rate,
            "at " + rate + " runs/s: approval answer -> next step started",
            r.approvalToNext(),
            low ? Target.below(50, "p99 < 50 ms") : Target.below(250, "p99 < 250 ms"));
        s.latency(
            "step_commit_to_sse_at_" + rate,
            "at " + rate + " runs/s: step commit -> SSE client",
            r.toSse(),
            low ? Target.below(100, "p99 < 100 ms") : Target.below(250, "p99 < 250 ms"));
      }
      if (fanOut != null) {
        s.latency(
            "fanout_delivery",
            String.format("%,d SSE clients on one instance: delivery", options.fanOutClients()),
            fanOut,
            Target.below(1000, "p99 < 1 s"));
      }
      if (!Double.isNaN(rebuild)) {
        s.add(
            "rebuild",
            "read-model rebuild",
            String.format("%,.0f events/s", rebuild),
            rebuild,
            Target.atLeast(50_000, ">= 50,000 events/s"));
      }
      if (idle != null) {
        // Counting resolution: one statement in the window.
        double resolution = 60 / idle.windowSeconds();
        s.add(
            "idle_dashboards_db",
            String.format("%,d idle dashboards: database work they add", idle.dashboards()),
            String.format(
                "%.0f dashboard-role statements/min (all roles: %+.0f tx/min)",
                Math.max(0, idle.dashboardStatementsAddedPerMinute()),
                idle.transactionsAddedPerMinute()),
            Math.max(0, idle.dashboardStatementsAddedPerMinute()),
            Target.atMost(
                resolution,
                String.format(
                    "0 (dashboard role; +/- 1 statement per %.0f s window)",
                    idle.windowSeconds())));
      }
      if (throughput != null) {
        PhaseCost cost = throughput.cost();
        StringBuilder parts = new StringBuilder();
        cost.cpuSeconds()
            .forEach(
                (part, seconds) -> {
                  if (!part.equals(CpuMeter.DRIVER)) {
                    parts.append(
                        String.format(
                            "%s %.0f, ",
                            part.replace("-service", "")
                                .replace("kafka ", "")
                                .replace("postgresql", "pg"),
                            seconds * 1000 / cost.executions()));
                  }
                });
        s.add(
            "cpu_per_execution",
            "machine CPU per execution (throughput phase)",
            String.format(
                "%.1f ms (%s)",
                cost.machineCpuMsPerRun(), parts.substring(0, Math.max(0, parts.length() - 2))),
            cost.machineCpuMsPerRun(),
            Target.atMost(30, "<= 30 ms (Flowable ~31-38 ms)"));
      }
      return s;
    }

    void explain(Report report) {
      List<PhaseCost> costs = new ArrayList<>();
      if (throughput != null) {
        costs.add(throughput.cost());
      }
      steady.values().forEach(r -> costs.add(r.cost()));
      if (idle != null) {
        costs.add(idle.without());
        costs.add(idle.with());
      }
      for (PhaseCost cost : costs) {
        report.cost(cost);
        cost.lines().forEach(report::explain);
      }
      if (throughput != null && !throughput.cost().topStatements().isEmpty()) {
        report.explain("most frequent SQL statements in the throughput phase, per run:");
        throughput.cost().statementLines().forEach(report::explain);
      }
      if (idle != null && !idle.with().topStatements().isEmpty()) {
        report.explain(
            "statements of the services while the idle dashboards were open, per minute:");
        idle.with().statementLines().forEach(report::explain);
      }
      for (SteadyLoad.Result r : steady.values()) {
        report.explain(
            "hops at " + r.perSecond() + " runs/s (min ~ service time; p50 and p99 add waiting):");
        for (Latencies hop : r.hops()) {
          report.explain(
              String.format(
                  "  %-92s min %5.0f  p50 %6.0f  p99 %6.0f ms (n=%d)",
                  hop.name(), hop.min(), hop.p50(), hop.p99(), hop.count()));
        }
      }
      if (approverFailures > 0) {
        report.explain("scripted approver failures: " + approverFailures);
      }
    }
  }
}
