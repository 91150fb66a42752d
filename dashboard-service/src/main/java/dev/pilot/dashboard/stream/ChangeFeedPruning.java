package dev.pilot.dashboard.stream;

import dev.pilot.dashboard.DashboardProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps the change feed to its retention; a client older than that resumes with a snapshot. */
@Component
class ChangeFeedPruning {

  private final ChangeFeed feed;
  private final DashboardProperties properties;

  ChangeFeedPruning(ChangeFeed feed, DashboardProperties properties) {
    this.feed = feed;
    this.properties = properties;
  }

  @Scheduled(fixedDelayString = "${pilot.dashboard.prune-interval:5m}", initialDelay = 60_000)
  void prune() {
    feed.prune(properties.changeRetention());
  }
}
