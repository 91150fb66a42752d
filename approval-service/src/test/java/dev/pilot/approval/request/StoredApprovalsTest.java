package dev.pilot.approval.request;

import static dev.pilot.approval.ExecutionEventsFixture.approvalRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.pilot.approval.ApprovalRequestedCopy;
import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.GroupMembers;
import dev.pilot.contracts.TimeoutOutcome;
import dev.pilot.contracts.execution.ApprovalRequested;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * An approval loaded whole by Spring Data JDBC ({@link Approvals#find}) on real PostgreSQL: every
 * column and every response round-trips, and it is the same approval the hand-written locking load
 * of the answer path reads.
 */
@ApprovalServiceTest
class StoredApprovalsTest {

  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

  /**
   * A thread per transaction: bob's blocks until carol's waits on his lock. The default async pool
   * is one thread on 2 cores from Java 25 on (Java 17 gave each task its own thread there), which
   * queued carol behind bob for ever.
   */
  static final Executor OWN_THREAD = task -> new Thread(task).start();

  @Autowired Approvals approvals;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired JsonMapper json;
  @Autowired JdbcClient jdbc;

  /** The approval as the answer path reads it: locked, by the hand-written load. */
  Optional<Approval> lockedRead(UUID id) {
    return new TransactionTemplate(transactionManager).execute(status -> approvals.lock(id));
  }

  /** The approval as an answer reads it: locked with its execution's event counter. */
  Optional<Approval> lockedToAnswer(UUID id) {
    return new TransactionTemplate(transactionManager)
        .execute(status -> approvals.lockToAnswer(id).map(Approvals.Locked::approval));
  }

  /** A majority approval with every optional part: context, an editable proposal, groups. */
  ApprovalRequested everything() {
    ApprovalRequested r =
        approvalRequested(
            UUID.randomUUID(),
            ApprovalType.MAJORITY,
            "alice",
            true,
            NOW.plus(Duration.ofHours(1)),
            "bob",
            "carol");
    return ApprovalRequestedCopy.of(r)
        .proposal(
            Map.of("total", 1280.5, "payments", List.of(Map.of("invoice", "INV-1"))),
            true,
            Map.of("type", "object", "required", List.of("total")))
        .approverGroups(List.of(new GroupMembers("finance", List.of("carol"))))
        .policy(null, null, TimeoutOutcome.REJECT)
        .build();
  }

  @Test
  void anApprovalIsLoadedWholeWithItsAmendedProposalAndEveryResponseInOrder() {
    ApprovalRequested requested = everything();
    UUID id = requested.approvalId();
    assertThat(approvals.create(requested, List.of("bob", "carol"))).isTrue();
    approvals.addResponse(
        id, new RecordedResponse("bob", Decision.APPROVE, "fine", NOW.plusSeconds(1), 1, false));
    Approval amended =
        approvals
            .find(id)
            .orElseThrow()
            .withRevision(json.valueToTree(Map.of("total", 1000, "payments", List.of())));
    approvals.amend(amended, "carol");
    approvals.addResponse(
        id, new RecordedResponse("carol", Decision.APPROVE, null, NOW.plusSeconds(2), 2, false));
    approvals.widenApprovers(amended.withApprovers(List.of("dave")));
    assertThat(approvals.markResolved(id, ApprovalStatus.REJECTED, NOW.plusSeconds(3), true))
        .isTrue();

    Approval found = approvals.find(id).orElseThrow();

    assertThat(found.approvalId()).isEqualTo(id);
    assertThat(found.executionId()).isEqualTo(requested.executionId());
    assertThat(found.stepId()).isEqualTo("review");
    assertThat(found.stepTitle()).isEqualTo("Review invoices");
    assertThat(found.approvers()).containsExactly("bob", "carol", "dave");
    assertThat(found.type()).isEqualTo(ApprovalType.MAJORITY);
    assertThat(found.status()).isEqualTo(ApprovalStatus.REJECTED);
    assertThat(found.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    assertThat(found.reason()).isEqualTo("Invoices above 10k need a second look");
    assertThat(found.owner()).isEqualTo("alice");
    assertThat(found.preventSelfApproval()).isTrue();
    assertThat(found.context()).isEqualTo(requested.context());
    assertThat(found.createdAt()).isNotNull();
    assertThat(found.resolvedAt()).isEqualTo(NOW.plusSeconds(3));
    assertThat(found.proposal())
        .isEqualTo(json.valueToTree(Map.of("total", 1000, "payments", List.of())));
    assertThat(found.editable()).isTrue();
    assertThat(found.proposalSchema()).isEqualTo(json.valueToTree(requested.proposalSchema()));
    assertThat(found.revision()).isEqualTo(2);
    assertThat(found.approverGroups()).isEqualTo(requested.approverGroups());
    assertThat(found.onTimeout()).isEqualTo(TimeoutOutcome.REJECT);
    assertThat(found.timedOut()).isTrue();
    assertThat(found.responses())
        .extracting(
            RecordedResponse::approver,
            RecordedResponse::decision,
            RecordedResponse::comment,
            RecordedResponse::respondedAt,
            RecordedResponse::revision,
            RecordedResponse::dismissed)
        .containsExactly(
            tuple("bob", Decision.APPROVE, "fine", NOW.plusSeconds(1), 1, true),
            tuple("carol", Decision.APPROVE, null, NOW.plusSeconds(2), 2, false));
    // The answer path's loads (hand-written SQL) read the very same approval.
    assertThat(lockedRead(id)).contains(found);
    assertThat(lockedToAnswer(id)).contains(found);
  }

  @Test
  void anApprovalWithoutProposalOrResponsesIsLoadedWithNone() {
    ApprovalRequested requested = approvalRequested(ApprovalType.ANY, "bob");
    approvals.create(requested, List.of("bob"));

    Approval found = approvals.find(requested.approvalId()).orElseThrow();

    assertThat(found.status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(found.responses()).isEmpty();
    assertThat(found.proposal()).isNull();
    assertThat(found.proposalSchema()).isNull();
    assertThat(found.approverGroups()).isNull();
    assertThat(found.onTimeout()).isEqualTo(TimeoutOutcome.FAIL);
    assertThat(found.resolvedAt()).isNull();
    assertThat(lockedRead(requested.approvalId())).contains(found);
    assertThat(lockedToAnswer(requested.approvalId())).contains(found);
    // Not left pending for the sweeper of the shared context.
    approvals.markResolved(requested.approvalId(), ApprovalStatus.CANCELLED, NOW, false);
  }

  @Test
  void anAnswerThatWaitedForTheLockOfAnotherCountsTheResponseTheOtherCommitted() throws Exception {
    ApprovalRequested requested = approvalRequested(ApprovalType.ALL, "bob", "carol");
    UUID id = requested.approvalId();
    approvals.create(requested, List.of("bob", "carol"));
    CountDownLatch bobAnswered = new CountDownLatch(1);
    CountDownLatch bobMayCommit = new CountDownLatch(1);
    CompletableFuture<Void> bob =
        CompletableFuture.runAsync(
            () ->
                new TransactionTemplate(transactionManager)
                    .executeWithoutResult(
                        status -> {
                          approvals.lockToAnswer(id).orElseThrow();
                          approvals.addResponse(
                              id,
                              new RecordedResponse(
                                  "bob", Decision.APPROVE, null, NOW.plusSeconds(1), 1, false));
                          bobAnswered.countDown();
                          await(bobMayCommit);
                        }),
            OWN_THREAD);
    await(bobAnswered);
    CompletableFuture<Approvals.Locked> carol =
        CompletableFuture.supplyAsync(
            () ->
                new TransactionTemplate(transactionManager)
                    .execute(status -> approvals.lockToAnswer(id).orElseThrow()),
            OWN_THREAD);
    // carol's statement started (took its snapshot) before bob committed, and waits for his lock
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                jdbc.sql(
                            """
                        select count(*) from pg_stat_activity
                        where wait_event_type = 'Lock' and query like '%seen_version%'""")
                        .query(Integer.class)
                        .single()
                    == 1);
    bobMayCommit.countDown();
    bob.get(10, TimeUnit.SECONDS);

    Approvals.Locked locked = carol.get(10, TimeUnit.SECONDS);

    assertThat(locked.approval().responses())
        .extracting(RecordedResponse::approver)
        .containsExactly("bob");
    // opening made the execution's event counter, so the answer can number its events
    assertThat(locked.lastSequence()).isZero();
    approvals.markResolved(id, ApprovalStatus.CANCELLED, NOW, false);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("Gave up waiting");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anApprovalNobodyStoredIsNotFound() {
    assertThat(approvals.find(UUID.randomUUID())).isEmpty();
    assertThat(lockedToAnswer(UUID.randomUUID())).isEmpty();
  }
}
