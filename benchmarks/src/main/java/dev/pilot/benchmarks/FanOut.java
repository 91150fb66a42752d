package dev.pilot.benchmarks;

import dev.pilot.systemtests.AgentFixtures;
import dev.pilot.systemtests.PilotApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** N dashboards open on one dashboard instance: how late does each change reach all of them? */
final class FanOut {

  static Latencies run(
      BenchSystem system, EventTap tap, int clients, int executions, Report report) {
    PilotApi alice = new PilotApi(system.uri(BenchSystem.Service.EXECUTION), "alice");
    UUID agent =
        UUID.fromString(
            alice.createAgent(AgentFixtures.benchmarkAgent("bob")).get("id").asString());
    try (SseCrowd crowd = new SseCrowd(system.dashboard(), "alice", clients)) {
      int connected = crowd.awaitConnected(clients, Duration.ofMinutes(3));
      Launcher launcher = new Launcher(system, "alice");
      List<UUID> runs = new ArrayList<>();
      for (int i = 0; i < executions; i++) {
        runs.add(launcher.start(agent).join());
      }
      Throughput.await(tap, runs);
      long settle = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < settle) {
        Pause.briefly();
      }
      List<Long> delays = new ArrayList<>();
      for (SseCrowd.Receipt receipt : crowd.receipts()) {
        tap.of(receipt.execution()).stream()
            .filter(s -> s.type().equals("StepCompleted") && s.completed() == receipt.completed())
            .findFirst()
            .ifPresent(s -> delays.add(receipt.receivedAtMillis() - s.occurredAtMillis()));
      }
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
