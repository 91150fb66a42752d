package dev.pilot.execution.execution;

import static dev.pilot.execution.AgentFixtures.approvalStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.execution.Api;
import dev.pilot.execution.ServiceTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** One owner's runs cannot take the service from everyone else. */
@TestPropertySource(properties = "pilot.execution.max-active-per-owner=2")
class ActiveLimitTest extends ServiceTest {

  @Test
  void refusesAStartBeyondTheOwnersActiveLimitWith429AndOthersStillStart() {
    UUID waiting = createAgent("erin", manualAgent("waits", approvalStep("a", "any", "bob")));
    start("erin", waiting);
    start("erin", waiting);

    Api.Response third = api.post("erin", "/api/agents/" + waiting + "/executions", null);

    assertThat(third.status()).isEqualTo(429);
    assertThat(third.contentType()).startsWith("application/problem+json");
    assertThat(third.body().path("detail").asString()).contains("2 active executions");
    UUID others = createAgent("dave", manualAgent("mine", approvalStep("a", "any", "bob")));
    start("dave", others);
  }
}
