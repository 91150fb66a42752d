package dev.pilot.dashboard.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.springframework.stereotype.Component;

/**
 * This instance's SSE subscribers, by user and, within a user, by the thread that writes to them
 * (their connection's event loop); every committed change is offered to its users.
 *
 * <p>The offering thread (the one change listener) does not visit subscribers: a burst costs it one
 * hand-over per user the burst concerns and event loop that user's streams live on. Each event loop
 * then takes the burst into its own streams of that user, where it writes them anyway. While a loop
 * is behind, later bursts join the hand-over already scheduled instead of each queueing a task, so
 * a backlog costs a loop one pass over its streams, not one per burst
 * (docs/notes/issue-12-fanout2.md).
 *
 * <p>A pass costs a write (a syscall, and a read on the client's side) per stream, whatever the
 * bursts hold. So a pass that took its loop long is followed by a pause as long (at most {@link
 * #MAX_PAUSE}) before the next: the bursts that arrive meanwhile go out together, in one write per
 * stream, and the loop's cores are left to the rest of the machine at least half the time. A quick
 * pass (few streams) is followed by none (docs/notes/issue-12-fanout4.md).
 */
@Component
class ChangeHub {

  /** The longest pause between two passes of a loop over one user's streams. */
  static final Duration MAX_PAUSE = Duration.ofMillis(100);

  /** user → that user's streams on this instance, by writer thread. */
  private final ConcurrentHashMap<String, Map<Executor, Streams>> byUser =
      new ConcurrentHashMap<>();

  private final AtomicInteger subscribers = new AtomicInteger();
  private final LongSupplier nanoTime;

  ChangeHub() {
    this(System::nanoTime);
  }

  /**
   * @param nanoTime the clock passes are timed by
   */
  ChangeHub(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * @param writer the thread the subscriber's writes run on (its connection's event loop)
   */
  Subscription subscribe(String user, int capacity, ScheduledExecutorService writer) {
    Subscription subscription = new Subscription(user, capacity, writer);
    byUser.compute(
        user,
        (u, streams) -> {
          Map<Executor, Streams> map = streams == null ? new ConcurrentHashMap<>() : streams;
          map.computeIfAbsent(writer, w -> new Streams(writer, nanoTime)).members.add(subscription);
          return map;
        });
    subscribers.incrementAndGet();
    return subscription;
  }

  void unsubscribe(Subscription subscription) {
    boolean[] removed = {false};
    byUser.computeIfPresent(
        subscription.user(),
        (u, streams) -> {
          Streams own = streams.get(subscription.writer());
          if (own != null && own.members.remove(subscription)) {
            removed[0] = true;
            if (own.members.isEmpty()) {
              streams.remove(subscription.writer());
            }
          }
          return streams.isEmpty() ? null : streams;
        });
    if (removed[0]) {
      subscribers.decrementAndGet();
    }
  }

  /**
   * Offers a burst of committed changes (in feed order) to the users they concern: each user's
   * share goes to each of the threads writing that user's streams as one hand-over. Never blocks: a
   * slow subscriber only grows its own buffer.
   */
  void publish(List<Change> changes) {
    Map<String, List<Change>> shares = new LinkedHashMap<>();
    for (Change change : changes) {
      if (change.isReset()) {
        // Everyone's: keep it in order with the users' shares by giving it to every user seen.
        byUser.keySet().forEach(user -> share(shares, user, change));
        continue;
      }
      change.viewers().forEach(user -> share(shares, user, change));
      change.dropped().forEach(user -> share(shares, user, change));
    }
    shares.forEach(
        (user, share) -> {
          Map<Executor, Streams> streams = byUser.get(user);
          if (streams != null) {
            streams.values().forEach(s -> s.offer(share));
          }
        });
  }

  /**
   * A keep-alive comment to every stream with nothing else on its way: one task per user and event
   * loop, like a burst.
   */
  void heartbeat() {
    byUser.values().forEach(streams -> streams.values().forEach(Streams::heartbeat));
  }

  int subscribers() {
    return subscribers.get();
  }

  private static void share(Map<String, List<Change>> shares, String user, Change change) {
    List<Change> share = shares.computeIfAbsent(user, k -> new ArrayList<>());
    if (share.isEmpty() || share.get(share.size() - 1) != change) {
      share.add(change);
    }
  }

  /**
   * One user's streams written by one thread, and the bursts waiting for that thread. At most one
   * hand-over is scheduled at a time; it takes every burst queued when it runs, in feed order, and
   * runs no sooner than its pause after the previous one.
   */
  static final class Streams {

    private final ScheduledExecutorService writer;
    private final LongSupplier nanoTime;
    private final Set<Subscription> members = ConcurrentHashMap.newKeySet();
    private List<Change> queued = new ArrayList<>();
    private boolean scheduled;

    /** The earliest time (of {@link #nanoTime}) the next pass may start. */
    private long nextPass;

    Streams(ScheduledExecutorService writer, LongSupplier nanoTime) {
      this.writer = writer;
      this.nanoTime = nanoTime;
      this.nextPass = nanoTime.getAsLong();
    }

    void offer(List<Change> share) {
      long pause;
      synchronized (this) {
        queued.addAll(share);
        if (scheduled) {
          return; // the pass scheduled (or under way) takes it
        }
        scheduled = true;
        pause = nextPass - nanoTime.getAsLong();
      }
      handOverAfter(pause);
    }

    void heartbeat() {
      submit(() -> members.forEach(Subscription::heartbeat), 0);
    }

    /** On the writer thread: every stream takes the bursts and writes what concerns it. */
    private void handOver() {
      List<Change> changes;
      synchronized (this) {
        changes = queued;
        queued = new ArrayList<>();
      }
      long start = nanoTime.getAsLong();
      for (Subscription subscription : members) {
        subscription.offer(changes);
      }
      long end = nanoTime.getAsLong();
      long pause = Math.min(end - start, MAX_PAUSE.toNanos());
      synchronized (this) {
        nextPass = end + pause;
        if (queued.isEmpty()) {
          scheduled = false;
          return;
        }
      }
      // Bursts came during the pass: they wait out its pause, with whatever else comes meanwhile.
      handOverAfter(pause);
    }

    private void handOverAfter(long pauseNanos) {
      if (!submit(this::handOver, pauseNanos)) {
        synchronized (this) {
          scheduled = false;
          queued.clear();
        }
      }
    }

    /** Runs {@code task} on the writer thread, after {@code pauseNanos} if positive. */
    private boolean submit(Runnable task, long pauseNanos) {
      try {
        if (pauseNanos > 0) {
          writer.schedule(task, pauseNanos, TimeUnit.NANOSECONDS);
        } else {
          writer.execute(task);
        }
        return true;
      } catch (RejectedExecutionException shuttingDown) {
        // The event loop is stopping: so are its connections, nothing to hand over.
        return false;
      }
    }
  }
}
