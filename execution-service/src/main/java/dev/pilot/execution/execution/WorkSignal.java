package dev.pilot.execution.execution;

import dev.pilot.platform.listen.PgListener;
import dev.pilot.platform.listen.WakeUps;
import org.springframework.stereotype.Component;

/**
 * Wakes this instance's dispatcher when work became runnable: directly after a local commit, and
 * through PostgreSQL {@code LISTEN} (the service's one listener) for commits of other instances
 * (the channel is per schema).
 */
@Component
class WorkSignal {

  private final ExecutionProperties properties;
  private final WakeUps wakeUps = new WakeUps();
  private final PgListener.Subscription channel;

  WorkSignal(PgListener notifications, ExecutionProperties properties) {
    this.properties = properties;
    this.channel =
        notifications.subscribe("execution-listen", schema -> "executions_" + schema, this::wake);
  }

  /** The NOTIFY channel of this service's schema. */
  String channel() {
    return channel.channel();
  }

  void wake() {
    wakeUps.wake();
  }

  /** Waits for a wake-up, at most {@code idlePoll}; false if none came. */
  boolean await() throws InterruptedException {
    return wakeUps.await(properties.idlePoll());
  }
}
