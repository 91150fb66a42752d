package dev.pilot.benchmarks;

import dev.pilot.systemtests.AgentFixtures;
import dev.pilot.systemtests.PilotApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** N dashboards open on one dashboard instance: how late does each change reach all of them? */
final class FanOut {

  /** How much longer to watch for frames when some had not arrived within the settle time. */
  private static final Duration LATE = Duration.ofSeconds(20);

  static Latencies run(
      BenchSystem system,
      EventTap tap,
      int clients,
      int executions,
      Profiler profiler,
      Report report) {
    PilotApi alice = new PilotApi(system.uri(BenchSystem.Service.EXECUTION), "alice");
    UUID agent =
        UUID.fromString(
            alice.createAgent(AgentFixtures.benchmarkAgent("bob")).get("id").asString());
    try (SseCrowd crowd = new SseCrowd(system.dashboard(), "alice", clients)) {
      int connected = crowd.awaitConnected(clients, Duration.ofMinutes(3));
      Launcher launcher = new Launcher(system, "alice");
      if (profiler != null) {
        profiler.start();
      }
      Work before = Work.now(system, crowd);
      List<UUID> runs = new ArrayList<>();
      for (int i = 0; i < executions; i++) {
        runs.add(launcher.start(agent).join());
      }
      Throughput.await(tap, runs);
      long settle = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < settle) {
        Pause.briefly();
      }
      long settledAtMillis = System.currentTimeMillis();
      Work work = Work.now(system, crowd).minus(before);
      if (profiler != null) {
        profiler.stopAndSummarise().forEach(line -> System.out.println("  profile " + line));
      }
      // Per client and change: from the change's commit to the first card the client received
      // that holds it (as many completed steps or more). A client's stream merges a burst into
      // each run's latest card, so a change may reach it inside a later one; timing only the cards
      // that carry exactly that change would leave out the changes that waited longest.
      // Per change: its first and its last delivery, to tell the way to the instance (first)
      // from the fan-out itself (last - first).
      List<Long> delays = new ArrayList<>();
      Map<String, long[]> spans = new HashMap<>();
      Map<String, List<SseCrowd.Receipt>> byClientAndRun = new HashMap<>();
      List<SseCrowd.Receipt> receipts = crowd.receipts();
      for (SseCrowd.Receipt receipt : receipts) {
        byClientAndRun
            .computeIfAbsent(receipt.client() + "/" + receipt.execution(), k -> new ArrayList<>())
            .add(receipt);
      }
      int undelivered = 0;
      Map<Integer, Integer> cardsByCompleted = new TreeMap<>();
      receipts.forEach(r -> cardsByCompleted.merge(r.completed(), 1, Integer::sum));
      System.out.println("fan-out: cards received, by completed steps: " + cardsByCompleted);
      System.out.println(
          "fan-out: over the runs and the settle time, " + work.describe(receipts.size(), clients));
      for (UUID run : runs) {
        List<EventTap.Seen> changes =
            tap.of(run).stream().filter(s -> s.type().equals("StepCompleted")).toList();
        for (int client = 0; client < clients; client++) {
          List<SseCrowd.Receipt> received =
              byClientAndRun.getOrDefault(client + "/" + run, List.of());
          for (EventTap.Seen s : changes) {
            SseCrowd.Receipt holding =
                received.stream()
                    .filter(r -> r.completed() >= s.completed())
                    .findFirst()
                    .orElse(null);
            if (holding == null) {
              undelivered++; // a client that never connected counts too
              continue;
            }
            long delay = holding.receivedAtMillis() - s.occurredAtMillis();
            delays.add(delay);
            long[] span =
                spans.computeIfAbsent(
                    run + "/" + s.completed(),
                    k ->
                        new long[] {
                          Long.MAX_VALUE,
                          Long.MIN_VALUE,
                          s.sentAtMillis() - s.occurredAtMillis(),
                          s.receivedAtMillis() - s.occurredAtMillis()
                        });
            span[0] = Math.min(span[0], delay);
            span[1] = Math.max(span[1], delay);
          }
        }
      }
      Latencies first =
          Latencies.of("first client", spans.values().stream().map(span -> span[0]).toList());
      Latencies spread =
          Latencies.of(
              "last - first client",
              spans.values().stream().map(span -> span[1] - span[0]).toList());
      Latencies relayed =
          Latencies.of(
              "commit -> sent to Kafka", spans.values().stream().map(span -> span[2]).toList());
      Latencies tapped =
          Latencies.of(
              "commit -> driver's consumer", spans.values().stream().map(span -> span[3]).toList());
      System.out.printf(
          "fan-out: per change (n=%d): %s; %s; %s; %s%n",
          spans.size(), relayed, tapped, first, spread);
      Latencies latencies = Latencies.of("fan-out to " + clients + " SSE clients", delays);
      System.out.printf(
          "fan-out: %d of %d clients connected (%d failed), (client, change) pairs never"
              + " delivered: %d, %s%n",
          connected, clients, crowd.failures(), undelivered, latencies);
      if (undelivered > 0) {
        // Lost or late? Late frames still reach the clients after the settle time; a lost change
        // never does. Counted as undelivered either way; this only says which.
        long late = System.nanoTime() + LATE.toNanos();
        while (System.nanoTime() < late) {
          Pause.briefly();
        }
        int stillMissing = 0;
        long arrivedLate = 0;
        long lastArrival = Long.MIN_VALUE;
        Map<String, Integer> latest = new HashMap<>();
        for (SseCrowd.Receipt r : crowd.receipts()) {
          latest.merge(r.client() + "/" + r.execution(), r.completed(), Math::max);
          if (r.receivedAtMillis() > settledAtMillis) {
            arrivedLate++;
            lastArrival = Math.max(lastArrival, r.receivedAtMillis());
          }
        }
        Map<UUID, Integer> finalSteps = new HashMap<>();
        for (UUID run : runs) {
          finalSteps.put(
              run,
              tap.of(run).stream()
                  .filter(s -> s.type().equals("StepCompleted"))
                  .mapToInt(EventTap.Seen::completed)
                  .max()
                  .orElse(0));
        }
        Map<UUID, Long> cardsOfRun = new HashMap<>();
        crowd.receipts().forEach(r -> cardsOfRun.merge(r.execution(), 1L, Long::sum));
        // run -> clients still without its last step, and cards of it any client got at all (none:
        // the dashboard never showed the run, e.g. it started and ended within one of its batches)
        Map<String, String> runsMissing = new TreeMap<>();
        for (UUID run : runs) {
          int missing = 0;
          for (int client = 0; client < clients; client++) {
            if (latest.getOrDefault(client + "/" + run, -1) < finalSteps.get(run)) {
              missing++;
            }
          }
          if (missing > 0) {
            stillMissing += missing;
            runsMissing.put(
                run.toString(),
                missing + " clients, " + cardsOfRun.getOrDefault(run, 0L) + " cards of it in all");
          }
        }
        System.out.printf(
            "fan-out: %d s after the settle time: %d cards arrived after it (the last %d ms"
                + " after it); (client, run) pairs still without the run's last step: %d, by"
                + " run: %s%n",
            LATE.toSeconds(),
            arrivedLate,
            arrivedLate == 0 ? 0 : lastArrival - settledAtMillis,
            stillMissing,
            runsMissing);
      }
      report.figure("fanout." + clients + ".connected", connected, "clients", "= " + clients);
      report.figure("fanout." + clients + ".undelivered", undelivered, "changes", "= 0");
      report.latencies(
          "fanout." + clients + ".delivery", latencies, clients >= 5000 ? "p99 < 1 s" : "");
      return latencies;
    }
  }

  /**
   * CPU (user and system, in clock ticks) of the dashboard's event loops, which write every stream,
   * and of the crowd's reader, and the clients' reads: what one delivered card costs on the two
   * cores the loops share with the clients, counted rather than timed.
   */
  private record Work(
      long loopsUser, long loopsSystem, long readerUser, long readerSystem, long reads) {

    static Work now(BenchSystem system, SseCrowd crowd) {
      List<ProcStat> loops =
          system.pids(BenchSystem.Service.DASHBOARD).stream()
              .flatMap(pid -> CpuMeter.threads(pid, "reactor-http-e.*").stream())
              .toList();
      List<ProcStat> reader = CpuMeter.threads(ProcessHandle.current().pid(), "sse-crowd");
      return new Work(
          loops.stream().mapToLong(ProcStat::utime).sum(),
          loops.stream().mapToLong(ProcStat::stime).sum(),
          reader.stream().mapToLong(ProcStat::utime).sum(),
          reader.stream().mapToLong(ProcStat::stime).sum(),
          crowd.reads());
    }

    Work minus(Work before) {
      return new Work(
          loopsUser - before.loopsUser,
          loopsSystem - before.loopsSystem,
          readerUser - before.readerUser,
          readerSystem - before.readerSystem,
          reads - before.reads);
    }

    String describe(int cards, int clients) {
      long loops = CpuMeter.millis(loopsUser + loopsSystem);
      return String.format(
          "the dashboard's event loops: %d ms CPU (user %d, system %d), %.1f µs per card of %d;"
              + " the crowd's reader: %d ms (user %d, system %d); the clients' reads: %d (%.1f"
              + " per client)",
          loops,
          CpuMeter.millis(loopsUser),
          CpuMeter.millis(loopsSystem),
          cards == 0 ? 0.0 : 1000.0 * loops / cards,
          cards,
          CpuMeter.millis(readerUser + readerSystem),
          CpuMeter.millis(readerUser),
          CpuMeter.millis(readerSystem),
          reads,
          (double) reads / clients);
    }
  }
}
