package dev.pilot.dashboard.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A burst reaches a user's streams through one hand-over per connection thread, not one per stream;
 * a client whose connection thread is busy, or whose last write its socket has not taken yet, gets
 * what piled up meanwhile in one write: the latest card of each run, in feed order, and nothing it
 * has no right to see; a client that stops reading collapses into one fresh snapshot. A pass over
 * many streams that took its thread long is followed by a pause as long, and what arrives meanwhile
 * goes out in one write per stream.
 */
class ChangeHubTest {

  /** The connection thread's clock: it moves only when a test (or a write) moves it. */
  private long now;

  private final ChangeHub hub = new ChangeHub(() -> now);
  private final List<Runnable> connectionThread = new ArrayList<>();
  private final Loop loop = new Loop();

  @Test
  void burstsArrivingWhileTheClientsThreadIsBusyReachItAsOneWriteWithEachRunsLatestCard() {
    List<List<Long>> writes = writesOf(hub.subscribe("alice", 1000, loop));
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();

    hub.publish(List.of(upsert(1, first, "alice")));
    hub.publish(List.of(upsert(2, second, "alice"), upsert(3, first, "alice")));
    hub.publish(List.of(upsert(4, UUID.randomUUID(), "bob")));

    assertThat(writes).as("nothing is written before the client's thread runs").isEmpty();
    assertThat(connectionThread).as("one hand-over for the three bursts").hasSize(1);
    runConnectionThread();

    assertThat(writes).hasSize(1);
    assertThat(writes.get(0)).containsExactly(2L, 3L);
  }

  @Test
  void aBurstAfterTheHandOverRanIsHandedOverAgain() {
    List<List<Long>> writes = writesOf(hub.subscribe("alice", 1000, loop));
    hub.publish(List.of(upsert(1, UUID.randomUUID(), "alice")));
    runConnectionThread();
    hub.publish(List.of(upsert(2, UUID.randomUUID(), "alice")));
    runConnectionThread();

    assertThat(writes).extracting(w -> w.get(0)).containsExactly(1L, 2L);
  }

  @Test
  void aUsersStreamsOnOneThreadShareOneHandOverAndOtherUsersGetNothing() {
    List<List<List<Long>>> alices = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      alices.add(writesOf(hub.subscribe("alice", 1000, loop)));
    }
    List<List<Long>> bobs = writesOf(hub.subscribe("bob", 1000, loop));

    hub.publish(List.of(upsert(7, UUID.randomUUID(), "alice")));

    assertThat(connectionThread).as("one hand-over for alice's three streams").hasSize(1);
    runConnectionThread();
    assertThat(alices)
        .allSatisfy(w -> assertThat(w).singleElement().extracting(b -> b.get(0)).isEqualTo(7L));
    assertThat(bobs).isEmpty();
  }

  @Test
  void aClosedStreamIsNoLongerWrittenOrCounted() {
    Subscription closed = hub.subscribe("alice", 1000, loop);
    List<List<Long>> writes = writesOf(closed);
    List<List<Long>> open = writesOf(hub.subscribe("alice", 1000, loop));
    hub.unsubscribe(closed);

    hub.publish(List.of(upsert(1, UUID.randomUUID(), "alice")));
    runConnectionThread();

    assertThat(writes).isEmpty();
    assertThat(open).hasSize(1);
    assertThat(hub.subscribers()).isEqualTo(1);
  }

  @Test
  void whatArrivesWhileAClientsWriteIsUnderwayGoesOutInOneWriteOnceItsSocketTookIt() {
    Outlet client = new Outlet();
    open(hub.subscribe("alice", 1000, loop), client);
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    client.holdWrites = true;

    hub.publish(List.of(upsert(1, first, "alice")));
    runConnectionThread();
    hub.publish(List.of(upsert(2, first, "alice"), upsert(3, second, "alice")));
    runConnectionThread();
    hub.publish(List.of(upsert(4, first, "alice")));
    runConnectionThread();
    assertThat(client.writes).as("one write at a time").containsExactly(List.of(1L));

    client.holdWrites = false;
    client.finishWrites();
    assertThat(client.writes).containsExactly(List.of(1L), List.of(3L, 4L));
  }

  @Test
  void aClientThatStopsReadingCollapsesIntoOneFreshSnapshotThenGetsWhatCameAfterIt() {
    Outlet client = new Outlet();
    open(hub.subscribe("alice", 2, loop), client);
    client.holdWrites = true;
    hub.publish(List.of(upsert(1, UUID.randomUUID(), "alice")));
    runConnectionThread();
    hub.publish(
        List.of(
            upsert(2, UUID.randomUUID(), "alice"),
            upsert(3, UUID.randomUUID(), "alice"),
            upsert(4, UUID.randomUUID(), "alice")));
    runConnectionThread();
    assertThat(client.snapshotReads).as("no read while the client does not read").isEmpty();

    client.holdWrites = false;
    client.finishWrites();
    assertThat(client.snapshotReads).as("one fresh snapshot for the three runs").hasSize(1);
    UUID later = UUID.randomUUID();
    hub.publish(List.of(upsert(5, later, "alice")));
    runConnectionThread();
    assertThat(client.writes).as("nothing overtakes the snapshot").containsExactly(List.of(1L));

    client.snapshotReads.get(0).accept(new StreamStart.Start(4, List.of(snapshotFrame(4))));
    assertThat(client.writes).containsExactly(List.of(1L), List.of(4L), List.of(5L));
  }

  @Test
  void aSnapshotCoversWhatCameBeforeItsReadAndThatIsNotSentAgain() {
    Outlet client = new Outlet();
    open(hub.subscribe("alice", 1, loop), client);
    client.holdWrites = true;
    hub.publish(List.of(upsert(1, UUID.randomUUID(), "alice")));
    runConnectionThread();
    hub.publish(
        List.of(upsert(2, UUID.randomUUID(), "alice"), upsert(3, UUID.randomUUID(), "alice")));
    runConnectionThread();
    client.holdWrites = false;
    client.finishWrites();
    hub.publish(List.of(upsert(4, UUID.randomUUID(), "alice")));
    runConnectionThread();

    client.snapshotReads.get(0).accept(new StreamStart.Start(4, List.of(snapshotFrame(4))));
    assertThat(client.writes).containsExactly(List.of(1L), List.of(4L));
  }

  @Test
  void aClosedClientIsNeitherWrittenNorReadASnapshotFor() {
    Outlet client = new Outlet();
    open(hub.subscribe("alice", 1, loop), client);
    client.open = false;
    hub.publish(
        List.of(upsert(1, UUID.randomUUID(), "alice"), upsert(2, UUID.randomUUID(), "alice")));
    runConnectionThread();
    hub.heartbeat();
    runConnectionThread();

    assertThat(client.writes).isEmpty();
    assertThat(client.snapshotReads).isEmpty();
  }

  @Test
  void theHeartbeatReachesOnlyStreamsWithNothingOnTheirWay() {
    Outlet idle = new Outlet();
    Outlet busy = new Outlet();
    open(hub.subscribe("alice", 1000, loop), idle);
    open(hub.subscribe("bob", 1000, loop), busy);
    busy.holdWrites = true;
    hub.publish(List.of(upsert(1, UUID.randomUUID(), "bob")));
    runConnectionThread();

    hub.heartbeat();
    runConnectionThread();

    assertThat(idle.writes).containsExactly(List.of(0L));
    assertThat(busy.writes).containsExactly(List.of(1L));
  }

  @Test
  void aPassThatTookItsThreadLongIsFollowedByAsLongAPauseWhoseBurstsGoOutInOneWrite() {
    Outlet slowToWrite = new Outlet();
    slowToWrite.takes = TimeUnit.MILLISECONDS.toNanos(30);
    open(hub.subscribe("alice", 1000, loop), slowToWrite);
    UUID first = UUID.randomUUID();

    hub.publish(List.of(upsert(1, first, "alice")));
    runConnectionThread();
    hub.publish(List.of(upsert(2, first, "alice")));
    hub.publish(List.of(upsert(3, UUID.randomUUID(), "alice")));

    assertThat(connectionThread).as("one pass for both bursts").hasSize(1);
    assertThat(loop.pauses)
        .as("it waits as long as the last pass took")
        .containsExactly(TimeUnit.MILLISECONDS.toNanos(30));
    runConnectionThread();
    assertThat(slowToWrite.writes).containsExactly(List.of(1L), List.of(2L, 3L));
  }

  @Test
  void burstsDuringAPassWaitOutItsPauseButNeverLongerThanTheLongestPause() {
    Outlet verySlow = new Outlet();
    verySlow.takes = TimeUnit.SECONDS.toNanos(2);
    open(hub.subscribe("alice", 1000, loop), verySlow);
    verySlow.duringWrite = () -> hub.publish(List.of(upsert(2, UUID.randomUUID(), "alice")));

    hub.publish(List.of(upsert(1, UUID.randomUUID(), "alice")));
    runConnectionThread();

    assertThat(loop.pauses).containsExactly(ChangeHub.MAX_PAUSE.toNanos());
    verySlow.duringWrite = () -> {};
    runConnectionThread();
    assertThat(verySlow.writes).containsExactly(List.of(1L), List.of(2L));
  }

  @Test
  void aQuickPassIsFollowedByNoPause() {
    List<List<Long>> writes = writesOf(hub.subscribe("alice", 1000, loop));
    hub.publish(List.of(upsert(1, UUID.randomUUID(), "alice")));
    runConnectionThread();
    hub.publish(List.of(upsert(2, UUID.randomUUID(), "alice")));

    assertThat(connectionThread).hasSize(1);
    assertThat(loop.pauses).isEmpty();
    runConnectionThread();
    assertThat(writes).extracting(w -> w.get(0)).containsExactly(1L, 2L);
  }

  /** A client's connection as the subscription sees it, recording each write's frame ids. */
  private final class Outlet implements Subscription.Outlet {
    final List<List<Long>> writes = new ArrayList<>();
    final List<Runnable> unfinished = new ArrayList<>();
    final List<Consumer<StreamStart.Start>> snapshotReads = new ArrayList<>();
    boolean holdWrites;
    boolean open = true;

    /** How long each write keeps the connection thread busy, in nanoseconds. */
    long takes;

    /** What else happens (on other threads) while a write keeps the connection thread busy. */
    Runnable duringWrite = () -> {};

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void write(List<Frame> frames, Runnable done) {
      writes.add(frames.stream().map(Frame::id).toList());
      now += takes;
      duringWrite.run();
      if (holdWrites) {
        unfinished.add(done);
      } else {
        done.run();
      }
    }

    @Override
    public void readSnapshot(Consumer<StreamStart.Start> then) {
      snapshotReads.add(then);
    }

    /** The client read what it was sent: its socket takes the writes under way. */
    void finishWrites() {
      List<Runnable> done = new ArrayList<>(unfinished);
      unfinished.clear();
      done.forEach(Runnable::run);
    }
  }

  /** A subscription past its first write, writing to {@code client}. */
  private static void open(Subscription subscription, Outlet client) {
    subscription.open(client);
  }

  private List<List<Long>> writesOf(Subscription subscription) {
    Outlet client = new Outlet();
    open(subscription, client);
    return client.writes;
  }

  private static Frame snapshotFrame(long id) {
    return Frame.event(id, "snapshot", "{}");
  }

  /**
   * The connection's event loop, run by hand: what it is told to run, at once or after a pause,
   * waits in {@link #connectionThread} (the pause recorded) until the test runs it.
   */
  private final class Loop extends ScheduledThreadPoolExecutor {
    final List<Long> pauses = new ArrayList<>();

    Loop() {
      super(0);
    }

    @Override
    public void execute(Runnable task) {
      connectionThread.add(task);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
      pauses.add(unit.toNanos(delay));
      connectionThread.add(task);
      return null;
    }
  }

  private void runConnectionThread() {
    List<Runnable> tasks = new ArrayList<>(connectionThread);
    connectionThread.clear();
    tasks.forEach(Runnable::run);
  }

  private static Change upsert(long id, UUID execution, String viewer) {
    return new Change(
        id,
        execution,
        "upsert",
        List.of(viewer),
        List.of(),
        "{\"execution_id\":\"" + execution + "\"}");
  }
}
