package dev.pilot.platform.listen;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * LISTENs on one channel over a dedicated connection, on a daemon thread of its own, and calls its
 * {@link Handler} on that thread: once the LISTEN is in place (first time and after every
 * reconnect, so the handler can catch up with what it may have missed), and each time the wait ends
 * — because notifications arrived or because {@code wait} passed without one. A lost connection is
 * logged and retried after {@code wait}. Idle, it costs the database nothing.
 *
 * <p>The handler may use the connection (e.g. for a session advisory lock that must end with the
 * connection); it must leave it in autocommit. Before the connection goes back to the pool its
 * LISTEN and any session advisory locks are released.
 */
public final class PgListener implements SmartLifecycle {

  /** What to do on the listener's thread. Exceptions drop the connection and reconnect. */
  public interface Handler {

    /** The LISTEN is in place (again): anything notified before may have been missed. */
    default void listening(Connection connection) throws SQLException {}

    /** The wait ended: {@code notified} if a NOTIFY arrived, false after {@code wait} idle. */
    void awake(Connection connection, boolean notified) throws SQLException;

    /** The connection was lost or is being given up; nothing of its session survives. */
    default void disconnected() {}

    /** A graceful stop: the last call on a live connection. */
    default void stopping(Connection connection) throws SQLException {}
  }

  private static final Logger log = LoggerFactory.getLogger(PgListener.class);

  private final String name;
  private final DataSource dataSource;
  private final UnaryOperator<String> channelOfSchema;
  private final Duration wait;
  private final Handler handler;
  private volatile String channel;
  private volatile boolean running;
  private Thread thread;

  /**
   * @param name the thread's name, and the listener's in log lines
   * @param channelOfSchema the channel, from the connection's current schema (services sharing a
   *     database each listen on their own schema's channel)
   * @param wait how long one wait for a NOTIFY lasts at most (also the retry delay)
   */
  public PgListener(
      String name,
      DataSource dataSource,
      UnaryOperator<String> channelOfSchema,
      Duration wait,
      Handler handler) {
    this.name = name;
    this.dataSource = dataSource;
    this.channelOfSchema = channelOfSchema;
    this.wait = wait;
    this.handler = handler;
  }

  /** The channel this listener LISTENs on, for a statement that NOTIFYs it. */
  public String channel() {
    if (channel == null) {
      try (Connection connection = dataSource.getConnection()) {
        channel = channelOfSchema.apply(currentSchema(connection));
      } catch (SQLException e) {
        throw new IllegalStateException("Cannot read the current schema", e);
      }
    }
    return channel;
  }

  @Override
  public void start() {
    running = true;
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(wait.toMillis() + 5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        try {
          connection.setAutoCommit(true);
          try (Statement st = connection.createStatement()) {
            st.execute("LISTEN \"" + channel() + "\"");
          }
          handler.listening(connection);
          PGConnection pg = connection.unwrap(PGConnection.class);
          while (running) {
            PGNotification[] received = pg.getNotifications((int) wait.toMillis());
            handler.awake(connection, received != null && received.length > 0);
          }
          handler.stopping(connection);
        } finally {
          release(connection);
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          log.warn("{}: listening failed, reconnecting: {}", name, e.toString());
        }
      } finally {
        handler.disconnected();
      }
      if (running) {
        pause();
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The connection goes back to the pool, not away: a LISTEN or a session advisory lock (a
   * handler's) left on it would outlive this listener, and a restarted one would wait forever for
   * its own lock.
   */
  private static void release(Connection connection) {
    try (Statement st = connection.createStatement()) {
      st.execute("select pg_advisory_unlock_all()");
      st.execute("UNLISTEN *");
    } catch (SQLException broken) {
      // A broken connection is discarded by the pool, and its session's state goes with it.
    }
  }

  private static String currentSchema(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("select current_schema()")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
