package dev.pilot.dashboard.stream;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

/**
 * One SSE client: the single, long-lived stream of frames its response writes ({@link #frames}),
 * and what is pending for it while it does not read.
 *
 * <p>While the client reads, a burst of changes goes straight to its writer: the frames shared by
 * every subscriber (no copy, no per-client encoding, no map entry), written by the connection's one
 * send loop, which flushes once when it has drained what was handed to it. When the client stops
 * reading, its writer stops asking for frames and they pend here instead: at most one per execution
 * (the latest state wins), and past {@code capacity} distinct executions the buffer collapses into
 * one fresh snapshot, so memory stays bounded and a slow client never holds up anyone else.
 */
final class Subscription {

  /**
   * A pending item: a frame to send ({@code execution} or {@code removed} of one execution), or
   * (frame == null) "send a fresh snapshot".
   */
  record Item(long id, UUID executionId, Frame frame) {
    static Item snapshot(long id) {
      return new Item(id, null, null);
    }

    boolean isSnapshot() {
      return frame == null;
    }
  }

  private static final Object SNAPSHOT = new Object();

  private final String user;
  private final int capacity;
  private final Map<Object, Item> pending = new LinkedHashMap<>();

  /** Frames to write before anything pending: the stream's start, a snapshot just read. */
  private final ArrayDeque<Frame> ready = new ArrayDeque<>();

  private long floor;
  private FluxSink<Frame> sink;
  private Supplier<StreamStart.Start> snapshots;
  private boolean readingSnapshot;
  private boolean draining;
  private boolean missed;

  Subscription(String user, int capacity) {
    this.user = user;
    this.capacity = capacity;
  }

  String user() {
    return user;
  }

  /**
   * Takes a user's share of a burst of changes (what one read of the feed brought, in feed order;
   * the same list for every subscription of that user).
   */
  synchronized void offer(List<Item> items) {
    if (pending.isEmpty() && ready.isEmpty() && !readingSnapshot && sink != null) {
      // The usual case, a client that keeps up: straight to its writer while it asks for more.
      int i = 0;
      for (; i < items.size() && sink.requestedFromDownstream() > 0; i++) {
        Item item = items.get(i);
        if (item.isSnapshot()) {
          break;
        }
        if (item.id() > floor) {
          sink.next(item.frame());
        }
      }
      if (i == items.size()) {
        return;
      }
      items = items.subList(i, items.size());
    }
    for (Item item : items) {
      if (item.isSnapshot()) {
        snapshotPending(item.id());
      } else if (item.id() > floor) {
        pending.remove(item.executionId());
        pending.put(item.executionId(), item);
        if (pending.size() > capacity) {
          snapshotPending(item.id());
        }
      }
    }
    drain();
  }

  /** The shared keep-alive: written only to a stream with nothing else to write. */
  synchronized void heartbeat() {
    if (sink != null
        && pending.isEmpty()
        && ready.isEmpty()
        && !readingSnapshot
        && sink.requestedFromDownstream() > 0) {
      sink.next(Frame.HEARTBEAT);
    }
  }

  private void snapshotPending(long id) {
    pending.clear();
    pending.put(SNAPSHOT, Item.snapshot(id));
  }

  /**
   * Everything up to {@code id} has been sent (by a snapshot or deltas): drop it from the buffer.
   */
  synchronized void sentUpTo(long id) {
    floor = Math.max(floor, id);
    pending.values().removeIf(item -> !item.isSnapshot() && item.id() <= floor);
  }

  /**
   * The frames this client's response writes, for as long as it stays connected: {@code first},
   * then whatever the hub offers. A snapshot this client needs (after a reset or an overflow) is
   * read by {@code snapshots}, off the event loop; what it covers is not sent again.
   */
  Flux<Frame> frames(List<Frame> first, Supplier<StreamStart.Start> snapshots) {
    return Flux.create(
        s -> {
          synchronized (this) {
            this.sink = s;
            this.snapshots = snapshots;
            ready.addAll(first);
          }
          s.onRequest(n -> drain());
          drain();
        });
  }

  private synchronized void drain() {
    if (draining) {
      missed = true; // a re-entrant request: the running loop goes round once more
      return;
    }
    draining = true;
    try {
      do {
        missed = false;
        drainOnce();
      } while (missed);
    } finally {
      draining = false;
    }
  }

  private void drainOnce() {
    if (sink == null || sink.isCancelled()) {
      return;
    }
    while (sink.requestedFromDownstream() > 0 && !ready.isEmpty()) {
      sink.next(ready.poll());
    }
    Iterator<Item> items = pending.values().iterator();
    while (!readingSnapshot && sink.requestedFromDownstream() > 0 && items.hasNext()) {
      Item item = items.next();
      items.remove();
      if (item.isSnapshot()) {
        readSnapshot();
      } else if (item.id() > floor) {
        sink.next(item.frame());
      }
    }
  }

  /** Reads a fresh snapshot off the event loop; pending changes wait behind it. */
  private void readSnapshot() {
    readingSnapshot = true;
    Schedulers.boundedElastic()
        .schedule(
            () -> {
              StreamStart.Start snapshot;
              try {
                snapshot = snapshots.get();
              } catch (RuntimeException e) {
                sink.error(e);
                return;
              }
              synchronized (this) {
                sentUpTo(snapshot.upTo());
                ready.addAll(snapshot.frames());
                readingSnapshot = false;
              }
              drain();
            });
  }
}
