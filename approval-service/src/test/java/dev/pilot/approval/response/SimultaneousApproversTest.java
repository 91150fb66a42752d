package dev.pilot.approval.response;

import static dev.pilot.approval.ExecutionEventsFixture.approvalRequested;
import static dev.pilot.approval.ExecutionEventsFixture.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.approval.Api;
import dev.pilot.approval.ApprovalEventsRecorded;
import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.execution.ApprovalRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A hundred approvers of one {@code all} approval answer at the same instant. The crowd's user
 * names come from {@code crowd-users.properties}, which every test context loads.
 */
@ApprovalServiceTest
class SimultaneousApproversTest {

  static final List<String> CROWD =
      IntStream.rangeClosed(1, 100).mapToObj(i -> "approver%03d".formatted(i)).toList();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  Api api;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    ApprovalEventsRecorded.recorder();
  }

  @Test
  void everyResponseIsRecordedOnceAndTheApprovalResolvesOnce() throws Exception {
    ApprovalRequested requested = open();

    List<Api.Reply> replies = answerAtOnce(requested, approver -> "approve");

    assertThat(replies).extracting(Api.Reply::status).containsOnly(200);
    assertThat(replies)
        .filteredOn(r -> r.body().path("status").asString().equals("approved"))
        .singleElement()
        .satisfies(
            r -> assertThat(r.body().path("tally").path("approvals").asInt()).isEqualTo(100));
    assertThat(storedResponses(requested)).isEqualTo(100);
    List<JsonNode> events = awaitSettled(requested, 101);
    List<JsonNode> recorded = ofType(events, "ApprovalResponseRecorded");
    assertThat(recorded)
        .extracting(e -> e.path("approver").asString())
        .containsExactlyInAnyOrderElementsOf(CROWD);
    // each response saw the tally of all before it: 1, 2, … 100, each once
    assertThat(recorded)
        .extracting(e -> e.path("approvals").asInt())
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 100).boxed().toList());
    assertThat(events)
        .extracting(e -> e.path("sequence").asLong())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 101).boxed().toList());
    JsonNode resolved = ofType(events, "ApprovalResolved").get(0);
    assertThat(resolved.path("outcome").asString()).isEqualTo("approved");
    assertThat(resolved.path("approvals").asInt()).isEqualTo(100);
    assertThat(resolved.path("responses").size()).isEqualTo(100);
  }

  @Test
  void oneRejectionAmongAHundredRejectsOnceAndRefusesTheLaterAnswers() throws Exception {
    ApprovalRequested requested = open();
    String rejecter = CROWD.get(41);

    List<Api.Reply> replies =
        answerAtOnce(requested, approver -> approver.equals(rejecter) ? "reject" : "approve");

    long accepted = replies.stream().filter(r -> r.status() == 200).count();
    assertThat(replies).extracting(Api.Reply::status).containsOnly(200, 409);
    assertThat(storedResponses(requested)).isEqualTo(accepted);
    List<JsonNode> events = awaitSettled(requested, (int) accepted + 1);
    assertThat(ofType(events, "ApprovalResponseRecorded")).hasSize((int) accepted);
    JsonNode resolved = ofType(events, "ApprovalResolved").get(0);
    assertThat(resolved.path("outcome").asString()).isEqualTo("rejected");
    assertThat(resolved.path("rejections").asInt()).isEqualTo(1);
    assertThat(resolved.path("approvals").asInt()).isEqualTo((int) accepted - 1);
    assertThat(events.get(events.size() - 1).path("event_type").asString())
        .isEqualTo("ApprovalResolved");
  }

  private ApprovalRequested open() {
    ApprovalRequested requested =
        approvalRequested(
            UUID.randomUUID(),
            ApprovalType.ALL,
            "alice",
            true,
            Instant.now().plus(Duration.ofHours(1)),
            CROWD.toArray(String[]::new));
    publish(requested);
    return api.awaitOpen(requested);
  }

  private List<Api.Reply> answerAtOnce(
      ApprovalRequested requested, java.util.function.Function<String, String> decisionOf)
      throws Exception {
    CountDownLatch ready = new CountDownLatch(CROWD.size());
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(CROWD.size());
    try {
      List<Future<Api.Reply>> pending = new ArrayList<>();
      for (String approver : CROWD) {
        pending.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return api.respond(
                      approver, requested.approvalId(), decisionOf.apply(approver), null);
                }));
      }
      ready.await();
      go.countDown();
      List<Api.Reply> replies = new ArrayList<>();
      for (Future<Api.Reply> reply : pending) {
        replies.add(reply.get());
      }
      return replies;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits for the expected number of events, then makes sure no more arrive. */
  private static List<JsonNode> awaitSettled(ApprovalRequested requested, int expected) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ApprovalEventsRecorded.of(requested.executionId()).size() >= expected);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> assertThat(ApprovalEventsRecorded.of(requested.executionId())).hasSize(expected));
    List<JsonNode> events = ApprovalEventsRecorded.of(requested.executionId());
    assertThat(ofType(events, "ApprovalResolved")).hasSize(1);
    return events;
  }

  private static List<JsonNode> ofType(List<JsonNode> events, String type) {
    return events.stream().filter(e -> type.equals(e.path("event_type").asString())).toList();
  }

  private long storedResponses(ApprovalRequested requested) {
    return jdbc.sql("select count(*) from approval_responses where approval_id = ?")
        .param(requested.approvalId())
        .query(Long.class)
        .single();
  }
}
