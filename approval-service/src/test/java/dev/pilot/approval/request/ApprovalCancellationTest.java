package dev.pilot.approval.request;

import static dev.pilot.approval.ExecutionEventsFixture.approvalRequested;
import static dev.pilot.approval.ExecutionEventsFixture.cancelled;
import static dev.pilot.approval.ExecutionEventsFixture.failed;
import static dev.pilot.approval.ExecutionEventsFixture.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.approval.Api;
import dev.pilot.approval.ApprovalEventsRecorded;
import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.contracts.execution.ExecutionCancelled;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ApprovalServiceTest
class ApprovalCancellationTest {

  @LocalServerPort int port;
  Api api;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    ApprovalEventsRecorded.recorder();
  }

  @Test
  void cancellingTheExecutionCancelsItsPendingApprovalOnce() {
    ApprovalRequested requested = open(approvalRequested(ApprovalType.ALL, "bob", "carol"));
    api.respond("bob", requested.approvalId(), "approve", null);
    ExecutionCancelled cancellation = cancelled(requested.executionId());

    publish(cancellation);
    publish(cancellation);

    JsonNode resolved = awaitOneResolution(requested);
    assertThat(resolved.path("outcome").asString()).isEqualTo("cancelled");
    assertThat(resolved.path("approvals").asInt()).isEqualTo(1);
    assertThat(api.get("bob", "/api/approvals/" + requested.approvalId()).body().path("status"))
        .hasToString("\"cancelled\"");
    assertThat(api.respond("carol", requested.approvalId(), "approve", null).status())
        .isEqualTo(409);
  }

  @Test
  void aFailedExecutionCancelsItsPendingApproval() {
    ApprovalRequested requested = open(approvalRequested(ApprovalType.ANY, "dave"));

    publish(failed(requested.executionId()));

    assertThat(awaitOneResolution(requested).path("outcome").asString()).isEqualTo("cancelled");
  }

  @Test
  void cancellingAnExecutionLeavesAnAlreadyResolvedApprovalAlone() {
    ApprovalRequested requested = open(approvalRequested(ApprovalType.ANY, "erin"));
    api.respond("erin", requested.approvalId(), "reject", null);
    awaitOneResolution(requested);

    publish(cancelled(requested.executionId()));
    // a later approval of the same execution shows the cancellation was consumed
    publish(
        approvalRequested(
            requested.executionId(),
            ApprovalType.ANY,
            "alice",
            false,
            requested.expiresAt(),
            "erin"));

    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        api.get("erin", "/api/approvals?status=all").body().valueStream().toList())
                    .filteredOn(
                        a ->
                            a.path("execution_id")
                                .asString()
                                .equals(requested.executionId().toString()))
                    .extracting(a -> a.path("status").asString())
                    .containsExactlyInAnyOrder("rejected", "pending"));
    assertThat(resolutions(requested))
        .extracting(e -> e.path("outcome").asString())
        .containsExactly("rejected");
  }

  private ApprovalRequested open(ApprovalRequested requested) {
    publish(requested);
    return api.awaitOpen(requested);
  }

  private static JsonNode awaitOneResolution(ApprovalRequested requested) {
    await().atMost(Duration.ofSeconds(20)).until(() -> !resolutions(requested).isEmpty());
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(resolutions(requested)).hasSize(1));
    return resolutions(requested).get(0);
  }

  private static List<JsonNode> resolutions(ApprovalRequested requested) {
    return ApprovalEventsRecorded.ofType(requested.executionId(), "ApprovalResolved");
  }
}
