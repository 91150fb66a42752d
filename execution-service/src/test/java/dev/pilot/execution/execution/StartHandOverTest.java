package dev.pilot.execution.execution;

import static dev.pilot.execution.AgentFixtures.logStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static dev.pilot.execution.execution.DurableDelayTest.awaitStatus;
import static dev.pilot.execution.execution.DurableDelayTest.create;
import static dev.pilot.execution.execution.DurableDelayTest.start;

import dev.pilot.execution.Api;
import dev.pilot.execution.Instances;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A run started while a worker of the instance is free goes to that worker with the start's own
 * commit, which is one statement outside any transaction: here the dispatcher claims nothing (claim
 * batch 0), so a run the start did not hand over would never begin.
 */
class StartHandOverTest {

  @Test
  void aRunStartedWhileAWorkerIsFreeRunsWithoutWaitingForTheDispatcher() {
    String database = Instances.freshDatabase("start_hand_over");
    try (ConfigurableApplicationContext service =
        Instances.start(
            database,
            Map.of("pilot.execution.claim-batch", "0", "pilot.execution.idle-poll", "1m"))) {
      Api api = new Api(Instances.port(service));
      UUID agent = create(api, manualAgent("quick", logStep("only")));

      UUID first = start(api, agent);
      UUID second = start(api, agent);

      awaitStatus(api, first, "completed", Duration.ofSeconds(15));
      awaitStatus(api, second, "completed", Duration.ofSeconds(15));
    }
  }
}
