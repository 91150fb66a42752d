package dev.pilot.platform.listen;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * LISTENs on one or several channels over one dedicated connection ({@link DedicatedConnection}). A
 * service needs one: PostgreSQL (up to 17 at least) signals every listening backend of the database
 * on every committed NOTIFY, whatever its channel, and each backend then reads the notification
 * queue in a transaction of its own; so each listening connection costs the database a wake-up per
 * notifying commit of any service, and one connection for all channels costs one.
 *
 * <p>Each channel's handler is told once the LISTEN is in place (first time and after every
 * reconnect, so it can catch up with what it may have missed), and each time a NOTIFY arrived on
 * its channel. A lost connection is logged and retried after {@code wait}; every channel is
 * listened on again. Idle, it costs the database nothing; with no channel it opens no connection.
 *
 * <p>A {@link #subscribe subscriber} runs on a thread of its own, so a slow one delays no other
 * channel; calls that arrive while it runs are coalesced into one more. A {@link Handler} (the
 * one-channel constructor) runs on the listener's thread with its connection instead.
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

  /** A channel listened on; {@link #channel()} is its name, for a statement that NOTIFYs it. */
  public final class Subscription {

    private final UnaryOperator<String> channelOfSchema;
    private final Handler handler;
    private volatile String channel;

    private Subscription(UnaryOperator<String> channelOfSchema, Handler handler) {
      this.channelOfSchema = channelOfSchema;
      this.handler = handler;
    }

    public String channel() {
      if (channel == null) {
        channel = channelOfSchema.apply(schema());
      }
      return channel;
    }
  }

  private static final Logger log = LoggerFactory.getLogger(PgListener.class);

  private final DataSource dataSource;
  private final Duration wait;
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final List<Lane> lanes = new CopyOnWriteArrayList<>();
  private final DedicatedConnection session;
  private volatile String schema;
  private volatile boolean running;

  /**
   * A listener for {@link #subscribe subscribers}.
   *
   * @param name the thread's name, and the listener's in log lines
   * @param wait how long one wait for a NOTIFY lasts at most (also the retry delay)
   */
  public PgListener(String name, DataSource dataSource, Duration wait) {
    this.dataSource = dataSource;
    this.wait = wait;
    this.session = new DedicatedConnection(name, dataSource, wait, new Listening());
  }

  /**
   * A listener of one channel, whose handler runs on the listener's thread.
   *
   * @param channelOfSchema the channel, from the connection's current schema (services sharing a
   *     database each listen on their own schema's channel)
   */
  public PgListener(
      String name,
      DataSource dataSource,
      UnaryOperator<String> channelOfSchema,
      Duration wait,
      Handler handler) {
    this(name, dataSource, wait);
    subscriptions.add(new Subscription(channelOfSchema, handler));
  }

  /**
   * Listens on a channel too (before {@link #start()}): {@code onNotify} runs on a thread of its
   * own (named {@code thread}) once the LISTEN is in place, after every reconnect, and after each
   * NOTIFY on the channel.
   */
  public Subscription subscribe(
      String thread, UnaryOperator<String> channelOfSchema, Runnable onNotify) {
    if (running) {
      throw new IllegalStateException("Subscribe before the listener starts");
    }
    Lane lane = new Lane(thread, onNotify);
    lanes.add(lane);
    Subscription subscription = new Subscription(channelOfSchema, lane);
    subscriptions.add(subscription);
    return subscription;
  }

  /** The channel of a one-channel listener. */
  public String channel() {
    return subscriptions.get(0).channel();
  }

  @Override
  public void start() {
    running = true;
    if (subscriptions.isEmpty()) {
      return;
    }
    lanes.forEach(Lane::start);
    session.start();
  }

  @Override
  public void stop() {
    running = false;
    session.stop(wait.plusSeconds(5));
    lanes.forEach(Lane::stop);
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private String schema() {
    if (schema == null) {
      try (Connection c = dataSource.getConnection();
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("select current_schema()")) {
        rs.next();
        schema = rs.getString(1);
      } catch (SQLException e) {
        throw new IllegalStateException("Cannot read the current schema", e);
      }
    }
    return schema;
  }

  private final class Listening implements DedicatedConnection.Session {

    @Override
    public void run(Connection connection) throws SQLException {
      try (Statement st = connection.createStatement()) {
        for (Subscription s : subscriptions) {
          st.execute("LISTEN \"" + s.channel() + "\"");
        }
      }
      for (Subscription s : subscriptions) {
        s.handler.listening(connection);
      }
      PGConnection pg = connection.unwrap(PGConnection.class);
      while (session.isRunning()) {
        PGNotification[] received = pg.getNotifications((int) wait.toMillis());
        Set<String> notified = new HashSet<>();
        if (received != null) {
          for (PGNotification notification : received) {
            notified.add(notification.getName());
          }
        }
        for (Subscription s : subscriptions) {
          s.handler.awake(connection, notified.contains(s.channel()));
        }
      }
      for (Subscription s : subscriptions) {
        s.handler.stopping(connection);
      }
    }

    @Override
    public void ended() {
      for (Subscription s : subscriptions) {
        s.handler.disconnected();
      }
    }
  }

  /** A subscriber's own thread: it runs once per batch of wake-ups, never concurrently. */
  private static final class Lane implements Handler {

    private final String name;
    private final Runnable onNotify;
    private final WakeUps wakeUps = new WakeUps();
    private Thread thread;

    Lane(String name, Runnable onNotify) {
      this.name = name;
      this.onNotify = onNotify;
    }

    @Override
    public void listening(Connection connection) {
      wakeUps.wake();
    }

    @Override
    public void awake(Connection connection, boolean notified) {
      if (notified) {
        wakeUps.wake();
      }
    }

    void start() {
      thread = new Thread(this::run, name);
      thread.setDaemon(true);
      thread.start();
    }

    void stop() {
      if (thread != null) {
        thread.interrupt();
      }
    }

    private void run() {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          if (wakeUps.await(Duration.ofMinutes(1))) {
            onNotify.run();
          }
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          log.warn("{}: {}", name, e.toString());
        }
      }
    }
  }
}
