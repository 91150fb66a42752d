package dev.pilot.dashboard.stream;

import dev.pilot.platform.listen.PgListener;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * LISTENs for committed changes (platform's {@link PgListener}, one dedicated connection) and hands
 * them to this instance's {@link ChangeHub}. Idle, it costs the database nothing: no query runs
 * until a NOTIFY arrives. After a lost connection it catches up from the last change it delivered,
 * so nothing is missed.
 */
@Component
class ChangeListener implements SmartLifecycle {

  private static final int BATCH = 500;

  private final ChangeFeed feed;
  private final ChangeHub hub;
  private final PgListener listener;
  private volatile long delivered = -1;

  ChangeListener(DataSource dataSource, ChangeFeed feed, ChangeHub hub) {
    this.feed = feed;
    this.hub = hub;
    this.listener =
        new PgListener(
            "dashboard-change-listener",
            dataSource,
            schema -> "dashboard_changes",
            Duration.ofSeconds(1),
            new PgListener.Handler() {
              @Override
              public void listening(Connection connection) {
                if (delivered < 0) {
                  delivered = feed.latestId();
                }
                deliverNew();
              }

              @Override
              public void awake(Connection connection, boolean notified) {
                if (notified) {
                  deliverNew();
                }
              }
            });
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

  private void deliverNew() {
    List<Change> batch;
    do {
      batch = feed.after(delivered, BATCH);
      if (!batch.isEmpty()) {
        hub.publish(batch);
        delivered = batch.get(batch.size() - 1).id();
      }
    } while (batch.size() == BATCH);
  }
}
