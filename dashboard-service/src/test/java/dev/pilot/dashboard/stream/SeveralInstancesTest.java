package dev.pilot.dashboard.stream;

import static org.awaitility.Awaitility.await;

import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.ExecutionScenario;
import dev.pilot.dashboard.SseClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

class SeveralInstancesTest extends DashboardTest {

  @Test
  void anInstanceThatProjectsNothingStillDeliversEveryChangeToItsClients() {
    try (ConfigurableApplicationContext second = startSecondInstance(0)) {
      String secondUrl =
          "http://localhost:" + second.getEnvironment().getProperty("local.server.port");
      try (SseClient onFirst = stream("walter");
          SseClient onSecond =
              SseClient.open(secondUrl + "/api/running-executions/stream", basic("walter"), null)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !onFirst.events().isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> !onSecond.events().isEmpty());

        ExecutionScenario run = ExecutionScenario.scheduled("walter", "Seen everywhere");
        events.publish(run.started(), run.stepCompleted(0));

        // One change per event, or one for both when they were applied in one batch, and bursts
        // that reach a busy client merge into its latest card: how many frames each client gets
        // depends on timing, but both instances deliver the same latest change of the run.
        await().atMost(Duration.ofSeconds(30)).until(() -> stepsDone(onFirst, run) == 1);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    stepsDone(onSecond, run) == 1
                        && lastId(onSecond, run).equals(lastId(onFirst, run)));
      }
    }
  }

  private static String lastId(SseClient client, ExecutionScenario run) {
    var events = client.eventsFor(run.executionId);
    return events.get(events.size() - 1).id();
  }

  private static int stepsDone(SseClient client, ExecutionScenario run) {
    var events = client.eventsFor(run.executionId);
    return events.isEmpty()
        ? -1
        : events.get(events.size() - 1).json().path("completed_steps").size();
  }
}
