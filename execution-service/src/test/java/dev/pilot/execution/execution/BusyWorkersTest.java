package dev.pilot.execution.execution;

import static dev.pilot.execution.AgentFixtures.countingStep;
import static dev.pilot.execution.AgentFixtures.logStep;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static dev.pilot.execution.execution.DurableDelayTest.awaitStatus;
import static dev.pilot.execution.execution.DurableDelayTest.create;
import static dev.pilot.execution.execution.DurableDelayTest.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.execution.Api;
import dev.pilot.execution.CountingStep;
import dev.pilot.execution.Instances;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs that become runnable while every worker is busy wait in the queue, and start as soon as a
 * worker is free: not at the dispatcher's next idle look, which here is a minute away.
 */
class BusyWorkersTest {

  @Test
  void aRunStartedWhileEveryWorkerIsBusyStartsAsSoonAsOneIsFree() {
    String database = Instances.freshDatabase("busy_workers");
    try (ConfigurableApplicationContext service =
        Instances.start(
            database, Map.of("pilot.execution.workers", "1", "pilot.execution.idle-poll", "1m"))) {
      Api api = new Api(Instances.port(service));
      UUID busy = start(api, create(api, manualAgent("busy", countingStep("work", 2_000))));
      UUID quick = create(api, manualAgent("quick", logStep("only")));
      await().atMost(Duration.ofSeconds(10)).until(() -> CountingStep.started(busy, "work") == 1);

      UUID waiting = start(api, quick);
      UUID alsoWaiting = start(api, quick);

      awaitStatus(api, busy, "completed", Duration.ofSeconds(15));
      awaitStatus(api, waiting, "completed", Duration.ofSeconds(15));
      awaitStatus(api, alsoWaiting, "completed", Duration.ofSeconds(15));
      assertThat(CountingStep.finished(busy, "work")).isEqualTo(1);

      // Once nothing waits, a freed worker finds nothing: the next run still starts at once.
      UUID later = start(api, quick);
      awaitStatus(api, later, "completed", Duration.ofSeconds(15));
    }
  }
}
