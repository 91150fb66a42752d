package dev.pilot.dashboard.stream;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * One SSE client's pending events: at most one per execution (the latest state wins), emitted only
 * as fast as the client reads. Past {@code capacity} distinct executions the buffer collapses into
 * one fresh snapshot, so memory stays bounded and a slow client never holds up anyone else.
 */
final class Subscription {

  /** A pending item: an event to send, or (event == null) "send a fresh snapshot". */
  record Item(long id, ServerSentEvent<String> event) {
    boolean isSnapshot() {
      return event == null;
    }
  }

  private static final Object SNAPSHOT = new Object();

  private final String user;
  private final int capacity;
  private final Map<Object, Item> pending = new LinkedHashMap<>();
  private long floor;
  private FluxSink<Item> sink;
  private boolean draining;

  Subscription(String user, int capacity) {
    this.user = user;
    this.capacity = capacity;
  }

  String user() {
    return user;
  }

  synchronized void offer(Change change) {
    if (change.id() <= floor) {
      return;
    }
    change
        .eventFor(user)
        .ifPresent(
            event -> {
              UUID key = change.executionId();
              pending.remove(key);
              pending.put(key, new Item(change.id(), event));
            });
    if (pending.size() > capacity) {
      resnapshot(change.id());
    } else {
      drain();
    }
  }

  synchronized void resnapshot(long id) {
    pending.clear();
    pending.put(SNAPSHOT, new Item(id, null));
    drain();
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

  /** The pending items, honouring the client's demand. */
  Flux<Item> items() {
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
    if (sink == null || draining) {
      return;
    }
    draining = true;
    try {
      Iterator<Item> it = pending.values().iterator();
      while (sink.requestedFromDownstream() > 0 && it.hasNext()) {
        Item item = it.next();
        it.remove();
        sink.next(item);
      }
    } finally {
      draining = false;
    }
  }
}
