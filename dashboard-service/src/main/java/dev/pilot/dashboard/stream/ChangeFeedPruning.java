package dev.pilot.dashboard.stream;

import dev.pilot.dashboard.DashboardProperties;
import java.time.Duration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Keeps the change feed to its retention; a client older than that resumes with a snapshot. */
@Component
class ChangeFeedPruning implements SchedulingConfigurer {

  /** The first pruning waits until the service has started. */
  private static final Duration FIRST_AFTER = Duration.ofMinutes(1);

  private final ChangeFeed feed;
  private final DashboardProperties properties;

  ChangeFeedPruning(ChangeFeed feed, DashboardProperties properties) {
    this.feed = feed;
    this.properties = properties;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    registrar.addFixedDelayTask(
        new FixedDelayTask(this::prune, properties.changePruneEvery(), FIRST_AFTER));
  }

  void prune() {
    feed.prune(properties.changeRetention());
  }
}
