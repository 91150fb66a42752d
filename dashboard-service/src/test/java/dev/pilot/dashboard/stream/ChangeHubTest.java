package dev.pilot.dashboard.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * A burst reaches a user's streams through one hand-over per connection thread, not one per stream;
 * a client whose connection thread is busy gets what piled up meanwhile in one write: the latest
 * card of each run, in feed order, and nothing it has no right to see.
 */
class ChangeHubTest {

  private final ChangeHub hub = new ChangeHub();
  private final List<Runnable> connectionThread = new ArrayList<>();
  private final Executor loop = connectionThread::add;

  @Test
  void burstsArrivingWhileTheClientsThreadIsBusyReachItAsOneWriteWithEachRunsLatestCard() {
    List<List<Subscription.Item>> writes = writesOf(hub.subscribe("alice", 1000, loop));
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();

    hub.publish(List.of(upsert(1, first, "alice")));
    hub.publish(List.of(upsert(2, second, "alice"), upsert(3, first, "alice")));
    hub.publish(List.of(upsert(4, UUID.randomUUID(), "bob")));

    assertThat(writes).as("nothing is written before the client's thread runs").isEmpty();
    assertThat(connectionThread).as("one hand-over for the three bursts").hasSize(1);
    runConnectionThread();

    assertThat(writes).hasSize(1);
    assertThat(writes.get(0)).extracting(Subscription.Item::id).containsExactly(2L, 3L);
  }

  @Test
  void aBurstAfterTheHandOverRanIsHandedOverAgain() {
    List<List<Subscription.Item>> writes = writesOf(hub.subscribe("alice", 1000, loop));
    hub.publish(List.of(upsert(1, UUID.randomUUID(), "alice")));
    runConnectionThread();
    hub.publish(List.of(upsert(2, UUID.randomUUID(), "alice")));
    runConnectionThread();

    assertThat(writes).extracting(w -> w.get(0).id()).containsExactly(1L, 2L);
  }

  @Test
  void aUsersStreamsOnOneThreadShareOneHandOverAndOtherUsersGetNothing() {
    List<List<List<Subscription.Item>>> alices = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      alices.add(writesOf(hub.subscribe("alice", 1000, loop)));
    }
    List<List<Subscription.Item>> bobs = writesOf(hub.subscribe("bob", 1000, loop));

    hub.publish(List.of(upsert(7, UUID.randomUUID(), "alice")));

    assertThat(connectionThread).as("one hand-over for alice's three streams").hasSize(1);
    runConnectionThread();
    assertThat(alices)
        .allSatisfy(
            w -> assertThat(w).singleElement().extracting(b -> b.get(0).id()).isEqualTo(7L));
    assertThat(bobs).isEmpty();
  }

  @Test
  void aClosedStreamIsNoLongerWrittenOrCounted() {
    Subscription closed = hub.subscribe("alice", 1000, loop);
    List<List<Subscription.Item>> writes = writesOf(closed);
    List<List<Subscription.Item>> open = writesOf(hub.subscribe("alice", 1000, loop));
    hub.unsubscribe(closed);

    hub.publish(List.of(upsert(1, UUID.randomUUID(), "alice")));
    runConnectionThread();

    assertThat(writes).isEmpty();
    assertThat(open).hasSize(1);
    assertThat(hub.subscribers()).isEqualTo(1);
  }

  private static List<List<Subscription.Item>> writesOf(Subscription subscription) {
    List<List<Subscription.Item>> writes = new ArrayList<>();
    subscription.batches().subscribe(writes::add);
    return writes;
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
