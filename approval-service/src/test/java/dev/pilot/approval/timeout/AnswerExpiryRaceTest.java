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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * An answer and the expiry arriving at the same moment resolve an approval exactly once: whichever
 * commits first wins, the other is refused (409) or finds nothing to expire.
 */
@ApprovalServiceTest
class AnswerExpiryRaceTest {

  @LocalServerPort int port;
  @Autowired Expiries expiries;

  @Test
  void anAnswerAndTheExpiryAtTheSameMomentResolveOnceAndAgree() throws Exception {
    Api api = new Api(port);
    ApprovalEventsRecorded.recorder();
    Instant expiry = Instant.now().plusSeconds(6);
    List<ApprovalRequested> approvals = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // Spread over 120 ms around one moment, so some answers land before and some after.
      ApprovalRequested requested =
          approvalExpiringAt(ApprovalType.ANY, expiry.plusMillis(10L * i), "erin");
      publish(requested);
      approvals.add(requested);
    }
    approvals.forEach(api::awaitOpen);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Instant.now().isAfter(expiry.minusMillis(30)));

    ExecutorService racers = Executors.newFixedThreadPool(4);
    List<CompletableFuture<Integer>> answers = new ArrayList<>();
    try {
      CompletableFuture<Void> sweeps =
          CompletableFuture.runAsync(
              () -> {
                Instant until = expiry.plusMillis(400);
                while (Instant.now().isBefore(until)) {
                  expiries.expireDue(50);
                }
              },
              racers);
      for (ApprovalRequested requested : approvals) {
        answers.add(
            CompletableFuture.supplyAsync(
                () -> api.respond("erin", requested.approvalId(), "approve", null).status(),
                racers));
      }
      sweeps.get();
      for (CompletableFuture<Integer> answer : answers) {
        answer.get();
      }
    } finally {
      racers.shutdownNow();
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> approvals.stream().allMatch(a -> !resolutions(a).isEmpty()));

    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              for (int i = 0; i < approvals.size(); i++) {
                ApprovalRequested requested = approvals.get(i);
                List<JsonNode> resolved = resolutions(requested);
                assertThat(resolved).as("resolutions of approval %d", i).hasSize(1);
                String outcome = resolved.get(0).path("outcome").asString();
                int answer = answers.get(i).get();
                // The caller's answer and the published outcome agree.
                assertThat(answer == 200 ? "approved" : "timeout")
                    .as("answer %d was %d", i, answer)
                    .isEqualTo(outcome);
                assertThat(
                        api.get("erin", "/api/approvals/" + requested.approvalId())
                            .body()
                            .path("status")
                            .asString())
                    .isEqualTo(outcome);
              }
            });
  }

  private static List<JsonNode> resolutions(ApprovalRequested requested) {
    return ApprovalEventsRecorded.ofType(requested.executionId(), "ApprovalResolved");
  }
}
