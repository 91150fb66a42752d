package dev.pilot.benchmarks;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An approver who approves every request addressed to them shortly after it is published: {@link
 * #REACTION_MILLIS} after the driver sees {@code ApprovalRequested}, as a client told of the
 * approval (a notification, the dashboard's list) answers once it exists, not the instant the
 * execution asks for it.
 */
final class ScriptedApprover {

  /**
   * How long the approver takes to answer. Answering at once raced approval-service's own consumer
   * of the same event: each answer that came first was a 404 and a retry, 0.4 to 1.7 requests per
   * run that no real approver sends (docs/notes/issue-12-approval-cpu.md). The latencies measured
   * start at the answer, so this delay is in none of them.
   */
  static final long REACTION_MILLIS = 100;

  private static final String APPROVE = "{\"decision\":\"approve\"}";

  private final LoopbackHttp http = new LoopbackHttp();
  private final BenchSystem system;
  private final String authorization;
  private final Map<UUID, Long> answeredAt = new ConcurrentHashMap<>();
  private final AtomicLong failures = new AtomicLong();

  /** Answers through the approval-service instances in turn. */
  ScriptedApprover(BenchSystem system, String user, EventTap tap) {
    this.system = system;
    this.authorization = LoopbackHttp.basicAuthorization(user);
    tap.onApprovalRequested(this::answer);
  }

  private void answer(EventTap.ApprovalAsked requested) {
    UUID execution = requested.execution();
    String approval = requested.approvalId();
    URI responses =
        system
            .next(BenchSystem.Service.APPROVAL)
            .resolve("/api/approvals/" + approval + "/responses");
    CompletableFuture.runAsync(
        () -> answer(execution, responses, 0),
        CompletableFuture.delayedExecutor(REACTION_MILLIS, TimeUnit.MILLISECONDS, http.executor()));
  }

  /** The approval request may reach the approval service a moment after we saw it: retry 404s. */
  private void answer(UUID execution, URI responses, int attempt) {
    long sentAt = System.currentTimeMillis();
    Counters.SENT.incrementAndGet();
    boolean answered;
    try {
      answered = http.postNow(responses, authorization, APPROVE).status() == 200;
    } catch (RuntimeException e) {
      answered = false;
    }
    if (answered) {
      answeredAt.put(execution, sentAt);
    } else if (attempt < 600) {
      // Not yet known to the approval service (its consumer may lag): ask again soon,
      // backing off so that a lagging service is not buried under retries.
      CompletableFuture.runAsync(
          () -> answer(execution, responses, attempt + 1),
          CompletableFuture.delayedExecutor(
              Math.min(250, 20L * (attempt + 1)), TimeUnit.MILLISECONDS, http.executor()));
    } else {
      failures.incrementAndGet();
    }
  }

  /** When the decisive answer was sent, per execution. */
  Long answeredAt(UUID execution) {
    return answeredAt.get(execution);
  }

  long failures() {
    return failures.get();
  }
}
