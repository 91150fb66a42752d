package dev.pilot.approval.timeout;

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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ApprovalServiceTest
class ApprovalTimeoutTest {

  @LocalServerPort int port;
  @Autowired Expiries expiries;
  Api api;

  static boolean consumerWarm;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    ApprovalEventsRecorded.recorder();
    // Short expiries only mean something once requests open promptly: wait out the consumer's
    // start-up on an approval of its own first.
    if (!consumerWarm) {
      ApprovalRequested warmUp = approvalRequested(ApprovalType.ANY, "bob");
      publish(warmUp);
      api.awaitOpen(warmUp);
      consumerWarm = true;
    }
  }

  @Test
  void aPendingApprovalPastItsExpiryTimesOutOnceWithinSeconds() {
    ApprovalRequested requested = expiringIn(Duration.ofSeconds(4), "bob", "carol");
    assertThat(api.respond("bob", requested.approvalId(), "approve", null).status()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(15)).until(() -> !resolutions(requested).isEmpty());

    JsonNode resolved = resolutions(requested).get(0);
    assertThat(resolved.path("outcome").asString()).isEqualTo("timeout");
    assertThat(resolved.path("approvals").asInt()).isEqualTo(1);
    assertThat(resolved.path("responses").get(0).path("approver").asString()).isEqualTo("bob");
    Instant published = Instant.parse(resolved.path("occurred_at").asString());
    assertThat(published).isAfterOrEqualTo(requested.expiresAt());
    assertThat(Duration.between(requested.expiresAt(), published))
        .isLessThan(Duration.ofSeconds(10));
    JsonNode approval = api.get("bob", "/api/approvals/" + requested.approvalId()).body();
    assertThat(approval.path("status").asString()).isEqualTo("timeout");
    assertThat(approval.path("resolved_at").asString()).isNotEmpty();
    assertThat(api.respond("carol", requested.approvalId(), "approve", null).status())
        .isEqualTo(409);
  }

  @Test
  void competingSweepsTimeOutEachApprovalExactlyOnce() throws Exception {
    List<ApprovalRequested> approvals =
        List.of(
            expiringIn(Duration.ofSeconds(2), "dave"),
            expiringIn(Duration.ofSeconds(2), "dave"),
            expiringIn(Duration.ofSeconds(2), "dave"));
    // Four sweepers at once, as four instances would run them, besides the scheduled one.
    ExecutorService sweepers = Executors.newFixedThreadPool(4);
    try {
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                List<Future<Integer>> sweeps =
                    List.of(
                        sweepers.submit(() -> expiries.expireDue(10)),
                        sweepers.submit(() -> expiries.expireDue(10)),
                        sweepers.submit(() -> expiries.expireDue(10)),
                        sweepers.submit(() -> expiries.expireDue(10)));
                for (Future<Integer> sweep : sweeps) {
                  sweep.get();
                }
                assertThat(approvals).allSatisfy(a -> assertThat(resolutions(a)).isNotEmpty());
              });
    } finally {
      sweepers.shutdownNow();
    }
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> assertThat(approvals).allSatisfy(a -> assertThat(resolutions(a)).hasSize(1)));
  }

  @Test
  void anApprovalResolvedBeforeItsExpiryNeverTimesOut() {
    ApprovalRequested requested = expiringIn(Duration.ofSeconds(8), "erin");
    assertThat(api.respond("erin", requested.approvalId(), "approve", null).status())
        .isEqualTo(200);

    // watch until well past the expiry: still the one approved resolution
    await()
        .during(Duration.between(Instant.now(), requested.expiresAt().plusSeconds(2)))
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(resolutions(requested))
                    .extracting(e -> e.path("outcome").asString())
                    .containsExactly("approved"));
  }

  private ApprovalRequested expiringIn(Duration expiry, String... approvers) {
    ApprovalRequested requested =
        approvalRequested(
            UUID.randomUUID(),
            ApprovalType.ALL,
            "alice",
            false,
            Instant.now().plus(expiry),
            approvers);
    publish(requested);
    return api.awaitOpen(requested);
  }

  private static List<JsonNode> resolutions(ApprovalRequested requested) {
    return ApprovalEventsRecorded.ofType(requested.executionId(), "ApprovalResolved");
  }
}
