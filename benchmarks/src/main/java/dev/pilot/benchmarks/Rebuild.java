package dev.pilot.benchmarks;

import dev.pilot.systemtests.PilotApi;
import dev.pilot.systemtests.PilotSystem;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;

/** Rebuilds the dashboard's read model from the topics and reports events/s. */
final class Rebuild {

  static void run(PilotSystem system, Report report) {
    PilotApi alice = system.api("alice");
    long started = System.nanoTime();
    HttpResponse<String> response = alice.send("POST", "/api/admin/rebuild", "{}");
    double seconds = (System.nanoTime() - started) / 1e9;
    if (response.statusCode() / 100 != 2) {
      System.out.println("rebuild: HTTP " + response.statusCode() + " " + response.body());
      report.figure("rebuild.events_per_s", Double.NaN, "events/s", ">= 50000");
      return;
    }
    JsonNode body = PilotApi.JSON.readTree(response.body());
    long events = body.has("events") ? body.get("events").asLong() : -1;
    double perSecond =
        body.has("events_per_second") ? body.get("events_per_second").asDouble() : events / seconds;
    System.out.printf(
        "rebuild: %d events in %.2f s = %.0f events/s (%s)%n", events, seconds, perSecond, body);
    report.figure("rebuild.events", events, "events", "");
    report.figure("rebuild.events_per_s", perSecond, "events/s", ">= 50000");
  }
}
