package dev.pilot.execution.execution;

import dev.pilot.platform.listen.PgListener;
import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Tells this instance's workers that a run was taken from a worker mid-step (paused, cancelled), by
 * PostgreSQL {@code LISTEN}: the transition that does it NOTIFYs every instance, since the one that
 * handled the command need not be the one running the step. The workers then check which of their
 * leases are gone ({@link ExecutionWorkers}). After a reconnect they check too: a NOTIFY sent while
 * the listener was away is lost.
 */
@Component
class StopSignal implements SmartLifecycle {

  private final PgListener listener;
  private volatile Runnable onStop = () -> {};

  StopSignal(DataSource dataSource, ExecutionProperties properties) {
    this.listener =
        new PgListener(
            "execution-stops",
            dataSource,
            schema -> "execution_stops_" + schema,
            properties.idlePoll(),
            new PgListener.Handler() {
              @Override
              public void listening(Connection connection) {
                onStop.run();
              }

              @Override
              public void awake(Connection connection, boolean notified) {
                if (notified) {
                  onStop.run();
                }
              }
            });
  }

  /** The NOTIFY channel of this service's schema. */
  String channel() {
    return listener.channel();
  }

  /** What to run, on the listener's thread, when a stop may concern this instance. */
  void onStop(Runnable check) {
    this.onStop = check;
  }

  @Override
  public void start() {
    listener.start();
  }

  @Override
  public void stop() {
    listener.stop();
  }

  @Override
  public boolean isRunning() {
    return listener.isRunning();
  }
}
