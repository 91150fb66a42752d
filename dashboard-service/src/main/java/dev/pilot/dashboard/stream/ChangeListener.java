package dev.pilot.dashboard.stream;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * LISTENs for committed changes on one dedicated connection and hands them to this instance's
 * {@link ChangeHub}. Idle, it costs the database nothing: no query runs until a NOTIFY arrives.
 * After a lost connection it catches up from the last change it delivered, so nothing is missed.
 */
@Component
class ChangeListener implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ChangeListener.class);
  private static final int BATCH = 500;

  private final DataSource dataSource;
  private final ChangeFeed feed;
  private final ChangeHub hub;
  private volatile boolean running;
  private volatile long delivered = -1;
  private Thread worker;

  ChangeListener(DataSource dataSource, ChangeFeed feed, ChangeHub hub) {
    this.dataSource = dataSource;
    this.feed = feed;
    this.hub = hub;
  }

  @Override
  public void start() {
    running = true;
    worker = new Thread(this::run, "dashboard-change-listener");
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public void stop() {
    running = false;
    if (worker != null) {
      worker.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
          st.execute("LISTEN dashboard_changes");
        }
        if (delivered < 0) {
          delivered = feed.latestId();
        }
        deliverNew();
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(10_000);
          if (notifications != null && notifications.length > 0) {
            deliverNew();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          log.warn("Change listener lost its connection, reconnecting: {}", e.toString());
          backOff(Duration.ofSeconds(1));
        }
      }
    }
  }

  private void deliverNew() {
    List<Change> batch;
    do {
      batch = feed.after(delivered, BATCH);
      for (Change change : batch) {
        hub.publish(change);
        delivered = change.id();
      }
    } while (batch.size() == BATCH);
  }

  private static void backOff(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
