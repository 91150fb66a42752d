package dev.pilot.benchmarks;

import dev.pilot.systemtests.AgentFixtures;
import dev.pilot.systemtests.PilotApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** N dashboards open on one dashboard instance: how late does each change reach all of them? */
final class FanOut {

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
      List<UUID> runs = new ArrayList<>();
      for (int i = 0; i < executions; i++) {
        runs.add(launcher.start(agent).join());
      }
      Throughput.await(tap, runs);
      long settle = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < settle) {
        Pause.briefly();
      }
      if (profiler != null) {
        profiler.stopAndSummarise().forEach(line -> System.out.println("  profile " + line));
      }
      List<Long> delays = new ArrayList<>();
      // Per change: its first and its last delivery, to tell the way to the instance (first)
      // from the fan-out itself (last - first).
      Map<String, long[]> spans = new HashMap<>();
      for (SseCrowd.Receipt receipt : crowd.receipts()) {
        tap.of(receipt.execution()).stream()
            .filter(s -> s.type().equals("StepCompleted") && s.completed() == receipt.completed())
            .findFirst()
            .ifPresent(
                s -> {
                  long delay = receipt.receivedAtMillis() - s.occurredAtMillis();
                  delays.add(delay);
                  long[] span =
                      spans.computeIfAbsent(
                          receipt.execution() + "/" + receipt.completed(),
                          k ->
                              new long[] {
                                Long.MAX_VALUE,
                                Long.MIN_VALUE,
                                s.sentAtMillis() - s.occurredAtMillis(),
                                s.receivedAtMillis() - s.occurredAtMillis()
                              });
                  span[0] = Math.min(span[0], delay);
                  span[1] = Math.max(span[1], delay);
                });
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
          "fan-out: %d of %d clients connected (%d failed), %s%n",
          connected, clients, crowd.failures(), latencies);
      report.figure("fanout." + clients + ".connected", connected, "clients", "= " + clients);
      report.latencies(
          "fanout." + clients + ".delivery", latencies, clients >= 5000 ? "p99 < 1 s" : "");
      return latencies;
    }
  }
}
