package dev.pilot.dashboard.stream;

import static org.awaitility.Awaitility.await;

import dev.pilot.dashboard.DashboardServiceApplication;
import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.ExecutionScenario;
import dev.pilot.dashboard.SseClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

class SeveralInstancesTest extends DashboardTest {

  @Autowired Environment environment;

  @Test
  void anInstanceThatProjectsNothingStillDeliversEveryChangeToItsClients() {
    // A second dashboard on the same database whose consumers never start: whatever its clients
    // get was projected by the first instance and reached it through LISTEN/NOTIFY.
    try (ConfigurableApplicationContext second =
        new SpringApplicationBuilder(DashboardServiceApplication.class)
            .profiles("test")
            .run(
                "--server.port=0",
                "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                "--spring.datasource.username="
                    + environment.getProperty("spring.datasource.username"),
                "--spring.datasource.password="
                    + environment.getProperty("spring.datasource.password"),
                "--spring.kafka.bootstrap-servers="
                    + environment.getProperty("spring.kafka.bootstrap-servers"),
                "--spring.cloud.stream.bindings.executionEvents-in-0.consumer.auto-startup=false",
                "--spring.cloud.stream.bindings.approvalEvents-in-0.consumer.auto-startup=false")) {
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
