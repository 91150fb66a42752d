package dev.pilot.approval.response;

import static dev.pilot.approval.ExecutionEventsFixture.approvalRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.approval.Api;
import dev.pilot.approval.ApprovalEventsRecorded;
import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.approval.ExecutionEventsFixture;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.execution.ApprovalRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Prints what one instance sustains: responses recorded per second, each a transaction with its
 * outbox event, over HTTP and in-process (without HTTP Basic, whose per-request password check
 * dominates in the basic mode, see docs/notes/issue-4.md); and how long after {@code expires_at}
 * the timeout event is on the topic. Run with {@code -Dgroups=benchmark -Dexcluded.groups=none}.
 */
@Tag("benchmark")
@ApprovalServiceTest
class ApprovalBenchmark {

  /** The crowd of {@code crowd-users.properties}. */
  static final List<String> APPROVERS =
      IntStream.rangeClosed(1, 100).mapToObj(i -> "approver%03d".formatted(i)).toList();

  static final int CLIENTS = 32;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ApprovalResponses responses;
  Api api;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    ApprovalEventsRecorded.recorder();
  }

  @Test
  void responsesPerSecond() throws Exception {
    Answerer http =
        (approvalId, approver) -> api.respond(approver, approvalId, "approve", null).status();
    Answerer inProcess =
        (approvalId, approver) -> {
          responses.record(approvalId, approver, Decision.APPROVE, null);
          return 200;
        };
    run("warm-up in-process", inProcess, 100, 5);
    run("in-process, many approvals (5 approvers each)", inProcess, 600, 5);
    run("in-process, one hot approval (100 approvers)", inProcess, 1, 100);
    run("HTTP, many approvals (5 approvers each)", http, 60, 5);
    run("HTTP, one hot approval (100 approvers)", http, 1, 100);
  }

  /** Records one approval by one approver; returns the HTTP status it amounts to. */
  interface Answerer {
    int answer(UUID approvalId, String approver) throws Exception;
  }

  @Test
  void delayFromExpiryToTheTimeoutEventOnTheTopic() {
    int count = 200;
    Instant base = Instant.now().plusSeconds(5);
    List<ApprovalRequested> approvals =
        IntStream.range(0, count)
            .mapToObj(
                i ->
                    approvalRequested(
                        UUID.randomUUID(),
                        ApprovalType.ALL,
                        "owner",
                        false,
                        base.plusMillis(i * 37L),
                        APPROVERS.get(0),
                        APPROVERS.get(1)))
            .toList();
    approvals.forEach(ExecutionEventsFixture::publish);
    awaitStored(count);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> approvals.stream().allMatch(a -> timeoutRecord(a) != null));

    List<Long> delays = new ArrayList<>();
    for (ApprovalRequested a : approvals) {
      ConsumerRecord<String, String> record = timeoutRecord(a);
      delays.add(record.timestamp() - a.expiresAt().toEpochMilli());
    }
    Collections.sort(delays);
    System.out.printf(
        "BENCHMARK expiry -> timeout event on topic (%d approvals, sweep every 500 ms):"
            + " p50 %d ms, p99 %d ms, max %d ms; load average %s%n",
        count,
        percentile(delays, 50),
        percentile(delays, 99),
        delays.get(delays.size() - 1),
        loadAverage());
  }

  private void run(String label, Answerer answerer, int approvalCount, int approversEach)
      throws Exception {
    List<ApprovalRequested> approvals =
        IntStream.range(0, approvalCount)
            .mapToObj(
                i ->
                    approvalRequested(
                        UUID.randomUUID(),
                        ApprovalType.ALL,
                        "owner",
                        false,
                        Instant.now().plus(Duration.ofHours(1)),
                        APPROVERS.subList(0, approversEach).toArray(String[]::new)))
            .toList();
    long before = storedApprovals();
    approvals.forEach(ExecutionEventsFixture::publish);
    awaitStored(before + approvalCount);

    List<Map.Entry<UUID, String>> answers = new ArrayList<>();
    for (ApprovalRequested a : approvals) {
      for (String approver : a.approvers()) {
        answers.add(Map.entry(a.approvalId(), approver));
      }
    }
    Collections.shuffle(answers);
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    long started = System.nanoTime();
    List<Future<Integer>> statuses = new ArrayList<>();
    for (Map.Entry<UUID, String> answer : answers) {
      statuses.add(clients.submit(() -> answerer.answer(answer.getKey(), answer.getValue())));
    }
    Map<Integer, Long> byStatus = new java.util.TreeMap<>();
    for (Future<Integer> status : statuses) {
      byStatus.merge(status.get(), 1L, Long::sum);
    }
    double httpSeconds = (System.nanoTime() - started) / 1e9;
    clients.shutdown();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                approvals.stream()
                    .allMatch(
                        a ->
                            !ApprovalEventsRecorded.ofType(a.executionId(), "ApprovalResolved")
                                .isEmpty()));
    double allOnTopicSeconds = (System.nanoTime() - started) / 1e9;
    assertThat(byStatus).containsOnlyKeys(200);
    System.out.printf(
        "BENCHMARK %s: %d responses by %d concurrent clients in %.2f s = %.0f responses/s"
            + " (all %d ApprovalResolved on the topic after %.2f s; load average %s)%n",
        label,
        answers.size(),
        CLIENTS,
        httpSeconds,
        answers.size() / httpSeconds,
        approvalCount,
        allOnTopicSeconds,
        loadAverage());
  }

  private ConsumerRecord<String, String> timeoutRecord(ApprovalRequested a) {
    return ApprovalEventsRecorded.recorder()
        .matching(
            r ->
                r.key().equals(a.executionId().toString())
                    && r.value().contains("\"ApprovalResolved\""))
        .stream()
        .findFirst()
        .orElse(null);
  }

  private void awaitStored(long count) {
    await().atMost(Duration.ofSeconds(60)).until(() -> storedApprovals() >= count);
  }

  private long storedApprovals() {
    return jdbc.sql("select count(*) from approval_requests").query(Long.class).single();
  }

  /** The machine's 1-minute load average: the figures mean little on a busy machine. */
  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static long percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
