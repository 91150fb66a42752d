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

        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> onFirst.eventsFor(run.executionId).size() == 2);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> onSecond.eventsFor(run.executionId).size() == 2);
      }
    }
  }
}
