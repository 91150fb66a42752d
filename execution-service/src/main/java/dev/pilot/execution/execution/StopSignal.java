package dev.pilot.execution.execution;

import dev.pilot.platform.listen.PgListener;
import org.springframework.stereotype.Component;

/**
 * Tells this instance's workers that a run was taken from a worker mid-step (paused, cancelled), by
 * PostgreSQL {@code LISTEN} (the service's one listener): the transition that does it NOTIFYs every
 * instance, since the one that handled the command need not be the one running the step. The
 * workers then check which of their leases are gone ({@link ExecutionWorkers}). After a reconnect
 * they check too: a NOTIFY sent while the listener was away is lost.
 */
@Component
class StopSignal {

  private final PgListener.Subscription channel;
  private volatile Runnable onStop = () -> {};

  StopSignal(PgListener notifications) {
    this.channel =
        notifications.subscribe(
            "execution-stops", schema -> "execution_stops_" + schema, () -> onStop.run());
  }

  /** The NOTIFY channel of this service's schema. */
  String channel() {
    return channel.channel();
  }

  /** What to run, on a thread of the listener's, when a stop may concern this instance. */
  void onStop(Runnable check) {
    this.onStop = check;
  }
}
