package dev.pilot.platform.inbox;

import java.sql.Timestamp;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes inbox rows older than the retention, in small batches (each its own short statement, rows
 * another instance is deleting skipped), so the table stops growing without long locks. The
 * retention must exceed any redelivery window (the topics' retention): an event redelivered after
 * its row was pruned would be applied again.
 */
public class InboxPruning implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(InboxPruning.class);

  private final JdbcClient jdbc;
  private final InboxProperties properties;
  private final Clock clock;
  private volatile boolean running;
  private Thread worker;

  public InboxPruning(JdbcClient jdbc, InboxProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.clock = clock;
  }

  /** Deletes every row past the retention, batch by batch; returns how many. */
  public int pruneOnce() {
    Timestamp before = Timestamp.from(clock.instant().minus(properties.retention()));
    int total = 0;
    int deleted;
    do {
      deleted =
          jdbc.sql(
                  "delete from processed_events where (consumer, event_id) in (select consumer,"
                      + " event_id from processed_events where processed_at < ? limit ? for update"
                      + " skip locked)")
              .params(before, properties.pruneBatch())
              .update();
      total += deleted;
    } while (deleted == properties.pruneBatch() && !Thread.currentThread().isInterrupted());
    return total;
  }

  @Override
  public void start() {
    running = true;
    worker = new Thread(this::loop, "inbox-pruning");
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Waits first: a start-up (often several instances at once, after a deploy) has better things to
   * do with the database than a prune that can wait an interval, and a prune racing the first
   * writes of a fresh instance made its tests count rows it had just inserted.
   */
  private void loop() {
    while (running) {
      try {
        Thread.sleep(properties.pruneEvery().toMillis());
      } catch (InterruptedException e) {
        return;
      }
      try {
        int pruned = pruneOnce();
        if (pruned > 0) {
          log.info("Pruned {} inbox rows older than {}", pruned, properties.retention());
        }
      } catch (RuntimeException e) {
        log.warn("Inbox pruning failed, trying again later: {}", e.toString());
      }
    }
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
}
