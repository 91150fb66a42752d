package dev.pilot.dashboard.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One SSE client's pending frames: at most one per execution (the latest state wins), written as
 * one write with one flush, one write at a time: whatever piles up while the client's previous
 * write is still on its way (its socket full, or its thread busy) is merged into the next one. Past
 * {@code capacity} distinct executions the buffer collapses into one fresh snapshot, so memory
 * stays bounded and a slow client never holds up anyone else.
 *
 * <p>Bursts are offered on the client's own connection thread (its event loop, {@link
 * ChangeHub.Streams}), where its writes happen too: the one change listener never visits
 * subscribers one by one (docs/notes/issue-12-fanout2.md). After the response's first write the
 * frames go straight to the client's {@link Outlet} (its channel), not through a reactive publisher
 * per stream, which was the largest cost per client left (docs/notes/issue-12-fanout3.md).
 */
final class Subscription {

  /** A pending item: a frame to send, or (frame == null) "send a fresh snapshot". */
  record Item(long id, Frame frame) {
    boolean isSnapshot() {
      return frame == null;
    }
  }

  /** Where a subscription's frames go. Called on the subscription's writer thread only. */
  interface Outlet {

    /** Whether the client is still there (a closed stream is not written, nor read for). */
    boolean isOpen();

    /**
     * Writes the frames, in order, as one write and one flush, and runs {@code done} on the writer
     * thread once the client's socket took them all (or the write failed).
     */
    void write(List<Frame> frames, Runnable done);

    /**
     * Reads a fresh snapshot off the writer thread (it is a database read) and hands it to {@code
     * then} on the writer thread; a read that fails ends the stream (the client reconnects).
     */
    void readSnapshot(Consumer<StreamStart.Start> then);
  }

  private static final Object SNAPSHOT = new Object();

  private final String user;
  private final int capacity;
  private final Executor writer;
  private final Map<Object, Item> pending = new LinkedHashMap<>();
  private long floor;
  private Outlet outlet;

  /**
   * A write (or the snapshot read before it) is under way: what comes meanwhile waits in {@link
   * #pending}.
   */
  private boolean busy;

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
   * thread, and writes whatever the client should get of them (or merges it into what waits for the
   * write under way).
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

  /**
   * Everything up to {@code id} has been sent (by a snapshot or deltas): drop it from the buffer.
   */
  synchronized void sentUpTo(long id) {
    floor = Math.max(floor, id);
    pending.values().removeIf(item -> !item.isSnapshot() && item.id() <= floor);
  }

  /**
   * On the writer thread, once the response's first write (the snapshot or the missed deltas) is
   * out: from now on frames go to {@code outlet}, beginning with what piled up meanwhile.
   */
  synchronized void open(Outlet outlet) {
    this.outlet = outlet;
    drain();
  }

  /** On the writer thread: a keep-alive comment, if the stream has nothing else on its way. */
  synchronized void heartbeat() {
    if (outlet != null && !busy && pending.isEmpty() && outlet.isOpen()) {
      write(List.of(Frame.HEARTBEAT));
    }
  }

  private void snapshotPending(long id) {
    pending.clear();
    pending.put(SNAPSHOT, new Item(id, null));
  }

  private void drain() {
    if (outlet == null || busy || pending.isEmpty() || !outlet.isOpen()) {
      return;
    }
    List<Item> batch = new ArrayList<>(pending.values());
    pending.clear();
    busy = true;
    if (batch.get(0).isSnapshot()) {
      // A collapse marker is always first: it clears what was pending before it.
      outlet.readSnapshot(snapshot -> snapshotRead(snapshot, batch));
    } else {
      write(frames(batch));
    }
  }

  private synchronized void snapshotRead(StreamStart.Start snapshot, List<Item> batch) {
    sentUpTo(snapshot.upTo());
    List<Frame> frames = new ArrayList<>(snapshot.frames());
    frames.addAll(frames(batch));
    write(frames);
  }

  /** The batch's frames the client has not had yet (a snapshot may have covered some). */
  private List<Frame> frames(List<Item> batch) {
    List<Frame> frames = new ArrayList<>(batch.size());
    for (Item item : batch) {
      if (!item.isSnapshot() && item.id() > floor) {
        frames.add(item.frame());
      }
    }
    return frames;
  }

  private void write(List<Frame> frames) {
    busy = true;
    if (frames.isEmpty()) {
      written();
    } else {
      outlet.write(frames, this::written);
    }
  }

  private synchronized void written() {
    busy = false;
    drain();
  }
}
