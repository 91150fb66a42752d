package dev.pilot.execution.execution;

import static dev.pilot.execution.AgentFixtures.approvalStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.execution.Api;
import dev.pilot.execution.ServiceTest;
import dev.pilot.testsupport.openapi.ApiDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** One owner's runs cannot take the service from everyone else. */
@TestPropertySource(properties = "pilot.execution.max-active-per-owner=2")
class ActiveLimitTest extends ServiceTest {

  @LocalServerPort int serverPort;

  @Test
  void refusesAStartBeyondTheOwnersActiveLimitWith429AndOthersStillStart() {
    UUID waiting = createAgent("erin", manualAgent("waits", approvalStep("a", "any", "bob")));
    start("erin", waiting);
    start("erin", waiting);

    Api.Response third = api.post("erin", "/api/agents/" + waiting + "/executions", null);

    assertThat(third.status()).isEqualTo(429);
    assertThat(third.contentType()).startsWith("application/problem+json");
    assertThat(third.body().path("detail").asString()).contains("2 active executions");
    ApiDescription.served(serverPort, "erin")
        .assertDocuments(
            "POST",
            "/api/agents/" + waiting + "/executions",
            third.status(),
            third.contentType(),
            third.body());
    UUID others = createAgent("dave", manualAgent("mine", approvalStep("a", "any", "bob")));
    start("dave", others);
  }

  @Test
  void concurrentStartsOfOneOwnerNeverGoPastTheLimit() throws Exception {
    UUID waiting = createAgent("oscar", manualAgent("waits", approvalStep("a", "any", "bob")));
    ExecutorService starters = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(
            starters.submit(
                () -> api.post("oscar", "/api/agents/" + waiting + "/executions", null).status()));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> answer : answers) {
        statuses.add(answer.get(60, TimeUnit.SECONDS));
      }

      assertThat(statuses).filteredOn(status -> status == 202).hasSize(2);
      assertThat(statuses).filteredOn(status -> status == 429).hasSize(6);
    } finally {
      starters.shutdownNow();
    }
  }
}
