package dev.pilot.dashboard.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A client whose connection thread is busy gets what piled up meanwhile in one write: the latest
 * card of each run, in feed order, and nothing it has no right to see.
 */
class SubscriptionTest {

  private final List<Runnable> connectionThread = new ArrayList<>();
  private final List<List<Subscription.Item>> writes = new ArrayList<>();
  private final Subscription alice = new Subscription("alice", 1000, connectionThread::add);

  @Test
  void burstsArrivingWhileTheClientsThreadIsBusyReachItAsOneWriteWithEachRunsLatestCard() {
    alice.batches().subscribe(writes::add);
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();

    alice.offer(List.of(upsert(1, first, "alice")));
    alice.offer(List.of(upsert(2, second, "alice"), upsert(3, first, "alice")));
    alice.offer(List.of(upsert(4, UUID.randomUUID(), "bob")));

    assertThat(writes).as("nothing is written before the client's thread runs").isEmpty();
    assertThat(connectionThread).as("one hand-over for the three bursts").hasSize(1);
    connectionThread.forEach(Runnable::run);

    assertThat(writes).hasSize(1);
    assertThat(writes.get(0)).extracting(Subscription.Item::id).containsExactly(2L, 3L);
  }

  @Test
  void aBurstAfterTheHandOverRanIsHandedOverAgain() {
    alice.batches().subscribe(writes::add);
    alice.offer(List.of(upsert(1, UUID.randomUUID(), "alice")));
    connectionThread.remove(0).run();
    alice.offer(List.of(upsert(2, UUID.randomUUID(), "alice")));
    connectionThread.remove(0).run();

    assertThat(writes).extracting(w -> w.get(0).id()).containsExactly(1L, 2L);
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
