package dev.pilot.benchmarks;

import dev.pilot.systemtests.PilotApi;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Rebuilds the dashboard's read model from the topics and reports events/s. */
final class Rebuild {

  static double run(BenchSystem system, Report report) {
    PilotApi alice = new PilotApi(system.dashboard(), "alice");
    CpuMeter cpu = new CpuMeter(system);
    Map<String, Double> cpuBefore = cpu.seconds();
    long started = System.nanoTime();
    HttpResponse<String> response = alice.send("POST", "/api/admin/rebuild", "{}");
    double seconds = (System.nanoTime() - started) / 1e9;
    Map<String, Double> cpuAfter = cpu.seconds();
    if (response.statusCode() / 100 != 2) {
      System.out.println("rebuild: HTTP " + response.statusCode() + " " + response.body());
      report.figure("rebuild.events_per_s", Double.NaN, "events/s", ">= 50000");
      return Double.NaN;
    }
    JsonNode body = PilotApi.JSON.readTree(response.body());
    long events = body.has("events") ? body.get("events").asLong() : -1;
    double perSecond =
        body.has("events_per_second") ? body.get("events_per_second").asDouble() : events / seconds;
    System.out.printf("rebuild: %d events in %.2f s = %.0f events/s%n", events, seconds, perSecond);
    if (body.has("stages")) {
      // Where the dashboard's time went (ms): setup, read, wait for the fold, write, commit add up
      // to the whole; decode (summed over threads) and fold overlap the reading.
      System.out.println("rebuild stages, ms: " + body.get("stages"));
      body.get("stages")
          .properties()
          .forEach(
              stage ->
                  report.figure(
                      "rebuild.stage." + stage.getKey() + "_ms",
                      stage.getValue().asDouble(),
                      "ms",
                      ""));
    }
    // CPU per event read counts work, not waiting: on a shared machine it moves far less than the
    // events/s figure (clock ticks of 10 ms, so a few hundred ms of CPU are needed to mean much).
    StringBuilder perEvent = new StringBuilder();
    for (String part :
        List.of(BenchSystem.Service.DASHBOARD.module, CpuMeter.BROKER, CpuMeter.POSTGRES)) {
      double micros = (cpuAfter.get(part) - cpuBefore.get(part)) * 1e6 / events;
      perEvent.append(String.format(" %s %.2f", part, micros));
      report.figure("rebuild.cpu_per_event." + part.replace(' ', '_') + "_us", micros, "µs", "");
    }
    System.out.println("rebuild CPU per event, µs:" + perEvent);
    report.figure("rebuild.events", events, "events", "");
    report.figure("rebuild.events_per_s", perSecond, "events/s", ">= 50000");
    return perSecond;
  }
}
