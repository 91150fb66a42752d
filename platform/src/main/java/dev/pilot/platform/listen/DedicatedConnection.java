package dev.pilot.platform.listen;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works on one pooled connection of its own, on a daemon thread of its own. What a session holds (a
 * LISTEN, a session advisory lock) lives as long as the connection, so a failure drops it: the
 * failure is logged and, after {@code retry}, the work starts over on a fresh connection.
 *
 * <p>Before the connection goes back to the pool its LISTENs and session advisory locks are
 * released: left on it, they would outlive this session, and a restarted one would wait forever for
 * its own lock.
 */
public final class DedicatedConnection {

  /** What runs on the connection, in autocommit. Exceptions drop it and start over. */
  public interface Session {

    /** Works until {@link DedicatedConnection#isRunning()} turns false; stop interrupts it. */
    void run(Connection connection) throws SQLException, InterruptedException;

    /** The connection was lost or is being given up; nothing of its session survives. */
    default void ended() {}
  }

  private static final Logger log = LoggerFactory.getLogger(DedicatedConnection.class);

  private final String name;
  private final DataSource dataSource;
  private final Duration retry;
  private final Session session;
  private volatile boolean running;
  private Thread thread;

  /**
   * @param name the thread's name, and the session's in log lines
   * @param retry how long to wait before a fresh connection after a failure
   */
  public DedicatedConnection(String name, DataSource dataSource, Duration retry, Session session) {
    this.name = name;
    this.dataSource = dataSource;
    this.retry = retry;
    this.session = session;
  }

  public void start() {
    running = true;
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Interrupts the session and waits for it to give its connection back. */
  public void stop(Duration patience) {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(patience.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public boolean isRunning() {
    return running;
  }

  private void run() {
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        try {
          connection.setAutoCommit(true);
          session.run(connection);
        } finally {
          release(connection);
        }
      } catch (InterruptedException e) {
        if (running) {
          log.warn("{}: interrupted, starting over", name);
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          log.warn("{}: the session failed, reconnecting: {}", name, e.toString());
        }
      } finally {
        session.ended();
      }
      if (running) {
        pause();
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(retry.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void release(Connection connection) {
    try (Statement st = connection.createStatement()) {
      st.execute("select pg_advisory_unlock_all()");
      st.execute("UNLISTEN *");
    } catch (SQLException broken) {
      // A broken connection is discarded by the pool, and its session's state goes with it.
    }
  }
}
