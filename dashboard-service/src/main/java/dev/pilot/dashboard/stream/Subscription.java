package dev.pilot.dashboard.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * One SSE client's pending frames: at most one per execution (the latest state wins), handed out as
 * batches: everything a burst of changes brings the client goes out in one write and one flush, and
 * whatever piles up while the client does not read is merged into the next batch. Past {@code
 * capacity} distinct executions the buffer collapses into one fresh snapshot, so memory stays
 * bounded and a slow client never holds up anyone else.
 *
 * <p>A burst is handed over on the client's own connection thread (its event loop), not on the
 * thread that offers it: the offering thread (the one change listener, for every client of the
 * instance) only merges the burst into the pending frames and schedules one hand-over if none is
 * scheduled yet. While the event loop is busy with earlier writes, later bursts merge into that one
 * hand-over instead of queueing a write each, so a backlog costs one write per client, not one per
 * burst (docs/notes/issue-12-fanout.md).
 */
final class Subscription {

  /** A pending item: a frame to send, or (frame == null) "send a fresh snapshot". */
  record Item(long id, Frame frame) {
    boolean isSnapshot() {
      return frame == null;
    }
  }

  private static final Object SNAPSHOT = new Object();

  private final String user;
  private final int capacity;
  private final Executor writer;
  private final Map<Object, Item> pending = new LinkedHashMap<>();
  private long floor;
  private FluxSink<List<Item>> sink;
  private boolean handOverScheduled;

  /**
   * @param writer the thread the client's writes run on (its connection's event loop)
   */
  Subscription(String user, int capacity, Executor writer) {
    this.user = user;
    this.capacity = capacity;
    this.writer = writer;
  }

  String user() {
    return user;
  }

  /**
   * Takes a burst of changes (what one read of the feed brought) and hands whatever the client
   * should get of them to its writer as one batch.
   */
  synchronized void offer(List<Change> changes) {
    for (Change change : changes) {
      if (change.isReset()) {
        snapshotPending(change.id());
      } else if (change.id() > floor) {
        change
            .frameFor(user)
            .ifPresent(
                frame -> {
                  UUID key = change.executionId();
                  pending.remove(key);
                  pending.put(key, new Item(change.id(), frame));
                });
        if (pending.size() > capacity) {
          snapshotPending(change.id());
        }
      }
    }
    if (!pending.isEmpty() && !handOverScheduled) {
      handOverScheduled = true;
      try {
        writer.execute(this::handOver);
      } catch (RejectedExecutionException shuttingDown) {
        // The connection's event loop is stopping: so is the connection, nothing to hand over.
        handOverScheduled = false;
      }
    }
  }

  private synchronized void handOver() {
    handOverScheduled = false;
    drain();
  }

  private void snapshotPending(long id) {
    pending.clear();
    pending.put(SNAPSHOT, new Item(id, null));
  }

  /**
   * Everything up to {@code id} has been sent (by a snapshot or deltas): drop it from the buffer.
   */
  synchronized void sentUpTo(long id) {
    floor = Math.max(floor, id);
    pending.values().removeIf(item -> !item.isSnapshot() && item.id() <= floor);
  }

  synchronized boolean alreadySent(Item item) {
    return !item.isSnapshot() && item.id() <= floor;
  }

  /** Batches of pending items, one per request of the client's writer. */
  Flux<List<Item>> batches() {
    return Flux.create(
        s -> {
          synchronized (this) {
            sink = s;
          }
          s.onRequest(n -> drain());
          drain();
        });
  }

  private synchronized void drain() {
    if (sink == null || pending.isEmpty() || sink.requestedFromDownstream() <= 0) {
      return;
    }
    List<Item> batch = new ArrayList<>(pending.values());
    pending.clear();
    sink.next(batch);
  }
}
