package dev.pilot.approval.timeout;

import static dev.pilot.approval.ExecutionEventsFixture.approvalExpiringAt;
import static dev.pilot.approval.ExecutionEventsFixture.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.approval.Api;
import dev.pilot.approval.ApprovalEventsRecorded;
import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.testsupport.AdjustableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Expiry on the service's clock: a test moves the clock past an approval's deadline instead of
 * waiting for it, so nothing here depends on how fast the machine is.
 */
@ApprovalServiceTest
class ApprovalTimeoutTest {

  static final Duration EXPIRY = Duration.ofMinutes(1);
  static final Duration PAST_EXPIRY = EXPIRY.plusSeconds(1);

  @LocalServerPort int port;
  @Autowired Expiries expiries;
  @Autowired AdjustableClock clock;
  Api api;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    ApprovalEventsRecorded.recorder();
  }

  @AfterEach
  void realTimeAgain() {
    clock.reset();
  }

  @Test
  void aPendingApprovalPastItsExpiryTimesOutOnce() {
    ApprovalRequested requested = expiringIn(EXPIRY, "bob", "carol");
    assertThat(api.respond("bob", requested.approvalId(), "approve", null).status()).isEqualTo(200);

    clock.advance(PAST_EXPIRY);

    await().atMost(Duration.ofSeconds(15)).until(() -> !resolutions(requested).isEmpty());
    JsonNode resolved = resolutions(requested).get(0);
    assertThat(resolved.path("outcome").asString()).isEqualTo("timeout");
    assertThat(resolved.path("approvals").asInt()).isEqualTo(1);
    assertThat(resolved.path("responses").get(0).path("approver").asString()).isEqualTo("bob");
    assertThat(Instant.parse(resolved.path("occurred_at").asString()))
        .isAfterOrEqualTo(requested.expiresAt());
    JsonNode approval = api.get("bob", "/api/approvals/" + requested.approvalId()).body();
    assertThat(approval.path("status").asString()).isEqualTo("timeout");
    assertThat(approval.path("resolved_at").asString()).isNotEmpty();
    assertThat(api.respond("carol", requested.approvalId(), "approve", null).status())
        .isEqualTo(409);
  }

  @Test
  void anAnswerAfterTheExpiryIsRefusedEvenBeforeTheSweep() {
    ApprovalRequested requested = expiringIn(EXPIRY, "bob", "carol");

    clock.advance(PAST_EXPIRY);

    assertThat(api.respond("bob", requested.approvalId(), "approve", null).status()).isEqualTo(409);
  }

  @Test
  void competingSweepsTimeOutEachApprovalExactlyOnce() throws Exception {
    List<ApprovalRequested> approvals =
        List.of(expiringIn(EXPIRY, "dave"), expiringIn(EXPIRY, "dave"), expiringIn(EXPIRY, "dave"));
    clock.advance(PAST_EXPIRY);

    // Four sweepers at once, as four instances would run them, besides the scheduled one.
    ExecutorService sweepers = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> sweeps =
          List.of(
              sweepers.submit(() -> expiries.expireDue(10)),
              sweepers.submit(() -> expiries.expireDue(10)),
              sweepers.submit(() -> expiries.expireDue(10)),
              sweepers.submit(() -> expiries.expireDue(10)));
      for (Future<Integer> sweep : sweeps) {
        sweep.get();
      }
    } finally {
      sweepers.shutdownNow();
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> assertThat(approvals).allSatisfy(a -> assertThat(resolutions(a)).isNotEmpty()));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> assertThat(approvals).allSatisfy(a -> assertThat(resolutions(a)).hasSize(1)));
  }

  @Test
  void anApprovalResolvedBeforeItsExpiryNeverTimesOut() {
    ApprovalRequested requested = expiringIn(EXPIRY, "erin");
    assertThat(api.respond("erin", requested.approvalId(), "approve", null).status())
        .isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).until(() -> !resolutions(requested).isEmpty());

    clock.advance(PAST_EXPIRY);
    expiries.expireDue(100);

    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(resolutions(requested))
                    .extracting(e -> e.path("outcome").asString())
                    .containsExactly("approved"));
    assertThat(
            api.get("erin", "/api/approvals/" + requested.approvalId())
                .body()
                .path("status")
                .asString())
        .isEqualTo("approved");
  }

  private ApprovalRequested expiringIn(Duration expiry, String... approvers) {
    ApprovalRequested requested =
        approvalExpiringAt(ApprovalType.ALL, clock.instant().plus(expiry), approvers);
    publish(requested);
    return api.awaitOpen(requested);
  }

  private static List<JsonNode> resolutions(ApprovalRequested requested) {
    return ApprovalEventsRecorded.ofType(requested.executionId(), "ApprovalResolved");
  }
}
