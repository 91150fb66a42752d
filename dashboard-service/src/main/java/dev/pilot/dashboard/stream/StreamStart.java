package dev.pilot.dashboard.stream;

import dev.pilot.dashboard.running.RunningExecutions;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a stream begins: the deltas since the client's Last-Event-ID when the feed still has them
 * all, otherwise a snapshot. Read in one repeatable-read transaction so the snapshot and the feed
 * position it stands for agree.
 *
 * <p>The isolation is set by the transaction's first statement, not by the transaction manager:
 * that would set it on the connection before the transaction and back after it, two statements of
 * their own (two more database transactions and round trips per stream start, a reconnect storm's
 * worth with every client).
 */
@Component
class StreamStart {

  /** What to send first, and the feed position it covers. */
  record Start(long upTo, List<Frame> frames) {}

  private static final int MAX_DELTAS = 500;

  private final ChangeFeed feed;
  private final RunningExecutions executions;
  private final JsonMapper json;
  private final TransactionTemplate snapshotTransaction;

  StreamStart(
      ChangeFeed feed,
      RunningExecutions executions,
      JsonMapper json,
      PlatformTransactionManager transactions) {
    this.feed = feed;
    this.executions = executions;
    this.json = json;
    this.snapshotTransaction = new TransactionTemplate(transactions);
    snapshotTransaction.setReadOnly(true);
  }

  Start begin(String user, Optional<Long> lastEventId, int limit) {
    return snapshotTransaction.execute(
        tx -> {
          feed.repeatableRead();
          long latest = feed.latestId();
          if (lastEventId.isPresent() && resumable(lastEventId.get(), latest)) {
            List<Change> deltas = feed.forUser(user, lastEventId.get(), latest, MAX_DELTAS);
            if (deltas.size() <= MAX_DELTAS && deltas.stream().noneMatch(Change::isReset)) {
              return new Start(
                  latest, deltas.stream().flatMap(c -> c.frameFor(user).stream()).toList());
            }
          }
          return new Start(latest, List.of(snapshot(user, latest, limit)));
        });
  }

  Frame snapshot(String user, long id, int limit) {
    return Frame.event(id, "snapshot", json.writeValueAsString(executions.snapshot(user, limit)));
  }

  /** A fresh snapshot outside any stream start (after a reset or an overflow). */
  Start snapshotNow(String user, int limit) {
    return snapshotTransaction.execute(
        tx -> {
          feed.repeatableRead();
          long latest = feed.latestId();
          return new Start(latest, List.of(snapshot(user, latest, limit)));
        });
  }

  private boolean resumable(long lastEventId, long latest) {
    return lastEventId <= latest && feed.retainsAfter(lastEventId);
  }
}
