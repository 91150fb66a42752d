package dev.pilot.approval.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.approval.ApprovalServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The claim on real PostgreSQL. The rows are due in 2100, so the running delivery (on today's
 * clock) never takes them: only this test's claims do.
 */
@ApprovalServiceTest
class NotificationOutboxTest {

  private static final Instant DUE = Instant.parse("2100-01-01T00:00:00Z");
  private static final Instant NOW = DUE.plusSeconds(60);
  private static final Duration LEASE = Duration.ofMinutes(2);

  /**
   * Each claim on its own thread, so that they really overlap: from Java 25 on the default async
   * pool is one thread on 2 cores, which would run the claims one after the other.
   */
  private static final Executor OWN_THREAD = task -> new Thread(task).start();

  @Autowired NotificationOutbox outbox;
  @Autowired JdbcClient jdbc;

  @Test
  void instancesClaimingTogetherNeverGetTheSameNotificationAndALapsedLeaseGivesItBack()
      throws Exception {
    UUID approvalId = UUID.randomUUID();
    IntStream.range(0, 40).forEach(i -> insertDue(approvalId, "user-" + i));

    CountDownLatch start = new CountDownLatch(1);
    CompletableFuture<List<NotificationOutbox.Claimed>> first = claimAfter(start);
    CompletableFuture<List<NotificationOutbox.Claimed>> second = claimAfter(start);
    start.countDown();
    Set<UUID> firstIds = ids(first.get());
    Set<UUID> secondIds = ids(second.get());

    assertThat(firstIds).doesNotContainAnyElementsOf(secondIds);
    Set<UUID> all = new HashSet<>(firstIds);
    all.addAll(secondIds);
    assertThat(all).hasSize(40);
    assertThat(outbox.claimDue(NOW, NOW.plus(LEASE), 100)).isEmpty();
    // Nobody reported them sent: after the lease they are due again, attempt 2.
    List<NotificationOutbox.Claimed> again =
        outbox.claimDue(NOW.plus(LEASE), NOW.plus(LEASE).plus(LEASE), 100);
    assertThat(ids(again)).isEqualTo(all);
    assertThat(again).allSatisfy(c -> assertThat(c.attempts()).isEqualTo(2));
  }

  private CompletableFuture<List<NotificationOutbox.Claimed>> claimAfter(CountDownLatch start) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return outbox.claimDue(NOW, NOW.plus(LEASE), 30);
        },
        OWN_THREAD);
  }

  private void insertDue(UUID approvalId, String recipient) {
    jdbc.sql(
            """
            insert into notifications (notification_id, approval_id, recipient, kind, channel,
                notice, next_attempt_at)
            values (:id, :approval, :recipient, 'requested', 'webhook', cast(:notice as jsonb),
                :due)""")
        .param("id", UUID.randomUUID())
        .param("approval", approvalId)
        .param("recipient", recipient)
        .param(
            "notice",
            "{\"approval_id\":\"" + approvalId + "\",\"revision\":1,\"step_title\":\"Review\"}")
        .param("due", java.sql.Timestamp.from(DUE))
        .update();
  }

  private static Set<UUID> ids(List<NotificationOutbox.Claimed> claimed) {
    Set<UUID> ids = new HashSet<>();
    claimed.forEach(c -> ids.add(c.notificationId()));
    return ids;
  }
}
