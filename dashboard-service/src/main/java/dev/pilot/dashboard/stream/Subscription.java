package dev.pilot.dashboard.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * One SSE client's pending frames: at most one per execution (the latest state wins), handed out as
 * batches: everything a burst of changes brings the client goes out in one write and one flush, and
 * whatever piles up while the client does not read is merged into the next batch. Past {@code
 * capacity} distinct executions the buffer collapses into one fresh snapshot, so memory stays
 * bounded and a slow client never holds up anyone else.
 *
 * <p>Bursts are offered on the client's own connection thread (its event loop, {@link
 * ChangeHub.Streams}), where the write happens anyway: the one change listener never visits
 * subscribers one by one (docs/notes/issue-12-fanout2.md).
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

  Executor writer() {
    return writer;
  }

  /**
   * Takes a burst of changes (what one or more reads of the feed brought), on the client's writer
   * thread, and hands whatever the client should get of them to its writer as one batch (or merges
   * it into the pending one while the writer has no demand).
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
