package dev.pilot.execution.execution;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Wakes this instance's dispatcher when work became runnable: directly after a local commit, and
 * through PostgreSQL {@code LISTEN} for commits of other instances (the channel is per schema).
 */
@Component
class WorkSignal implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WorkSignal.class);

  private final DataSource dataSource;
  private final ExecutionProperties properties;
  private final Semaphore wakeUps = new Semaphore(0);
  private volatile String channel;
  private volatile boolean running;
  private Thread listener;

  WorkSignal(DataSource dataSource, ExecutionProperties properties) {
    this.dataSource = dataSource;
    this.properties = properties;
  }

  /** The NOTIFY channel of this service's schema. */
  String channel() {
    if (channel == null) {
      try (Connection connection = dataSource.getConnection()) {
        channel = "executions_" + schema(connection);
      } catch (SQLException e) {
        throw new IllegalStateException("Cannot read the current schema", e);
      }
    }
    return channel;
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
    running = true;
    listener = new Thread(this::listen, "execution-listen");
    listener.setDaemon(true);
    listener.start();
  }

  @Override
  public void stop() {
    running = false;
    if (listener != null) {
      listener.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void listen() {
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
          st.execute("LISTEN \"" + channel() + "\"");
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
          var notifications = pg.getNotifications((int) properties.idlePoll().toMillis());
          if (notifications != null && notifications.length > 0) {
            wake();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          log.warn("Listening for runnable executions failed, retrying: {}", e.toString());
          try {
            Thread.sleep(properties.idlePoll().toMillis());
          } catch (InterruptedException interrupted) {
            return;
          }
        }
      }
    }
  }

  private static String schema(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("select current_schema()")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
