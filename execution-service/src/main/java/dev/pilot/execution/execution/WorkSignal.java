package dev.pilot.execution.execution;

import dev.pilot.platform.listen.PgListener;
import java.sql.Connection;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Wakes this instance's dispatcher when work became runnable: directly after a local commit, and
 * through PostgreSQL {@code LISTEN} for commits of other instances (the channel is per schema).
 */
@Component
class WorkSignal implements SmartLifecycle {

  private final ExecutionProperties properties;
  private final Semaphore wakeUps = new Semaphore(0);
  private final PgListener listener;

  WorkSignal(DataSource dataSource, ExecutionProperties properties) {
    this.properties = properties;
    this.listener =
        new PgListener(
            "execution-listen",
            dataSource,
            schema -> "executions_" + schema,
            properties.idlePoll(),
            (Connection connection, boolean notified) -> {
              if (notified) {
                wake();
              }
            });
  }

  /** The NOTIFY channel of this service's schema. */
  String channel() {
    return listener.channel();
  }

  void wake() {
    if (wakeUps.availablePermits() == 0) {
      wakeUps.release();
    }
  }

  /** Waits for a wake-up, at most {@code idlePoll}. */
  void await() throws InterruptedException {
    if (wakeUps.tryAcquire(properties.idlePoll().toMillis(), TimeUnit.MILLISECONDS)) {
      wakeUps.drainPermits();
    }
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
