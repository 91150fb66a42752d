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
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A runnable run reaches a worker without waiting for the dispatcher's idle look, which in each
 * test here is a minute away (or never claims anything): a start hands its run to a free worker
 * with the start's own commit, and a worker that frees up takes the next waiting run.
 */
class WorkerHandOverTest {

  private static final Duration PATIENCE = Duration.ofSeconds(15);

  /**
   * The start is one statement outside any transaction; with claim batch 0 nothing else runs it.
   */
  @Test
  void aRunStartedWhileAWorkerIsFreeRunsWithoutWaitingForTheDispatcher() {
    onFreshInstance(
        "start_hand_over",
        Map.of("pilot.execution.claim-batch", "0"),
        api -> {
          UUID agent = create(api, manualAgent("quick", logStep("only")));

          UUID first = start(api, agent);
          UUID second = start(api, agent);

          awaitStatus(api, first, "completed", PATIENCE);
          awaitStatus(api, second, "completed", PATIENCE);
        });
  }

  @Test
  void aRunStartedWhileEveryWorkerIsBusyStartsAsSoonAsOneIsFree() {
    onFreshInstance(
        "busy_workers",
        Map.of("pilot.execution.workers", "1"),
        api -> {
          UUID busy = start(api, create(api, manualAgent("busy", countingStep("work", 2_000))));
          UUID quick = create(api, manualAgent("quick", logStep("only")));
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> CountingStep.started(busy, "work") == 1);

          UUID waiting = start(api, quick);
          UUID alsoWaiting = start(api, quick);

          awaitStatus(api, busy, "completed", PATIENCE);
          awaitStatus(api, waiting, "completed", PATIENCE);
          awaitStatus(api, alsoWaiting, "completed", PATIENCE);
          assertThat(CountingStep.finished(busy, "work")).isEqualTo(1);

          // Once nothing waits, a freed worker finds nothing: the next run still starts at once.
          UUID later = start(api, quick);
          awaitStatus(api, later, "completed", PATIENCE);
        });
  }

  /** One instance on its own database whose dispatcher looks for idle work only once a minute. */
  private static void onFreshInstance(
      String database, Map<String, String> settings, Consumer<Api> scenario) {
    Map<String, String> all = new HashMap<>(settings);
    all.put("pilot.execution.idle-poll", "1m");
    try (ConfigurableApplicationContext service =
        Instances.start(Instances.freshDatabase(database), all)) {
      scenario.accept(new Api(Instances.port(service)));
    }
  }
}
