package dev.pilot.approval.request;

import static dev.pilot.approval.ExecutionEventsFixture.approvalRequested;
import static dev.pilot.approval.ExecutionEventsFixture.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.approval.Api;
import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.execution.ApprovalRequested;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What an operator's Prometheus scrapes: approval waits by type and outcome, the outbox backlog.
 */
@ApprovalServiceTest
class ApprovalMetricsTest {

  @LocalServerPort int port;
  @Autowired PrometheusMeterRegistry prometheus;

  @Test
  void aResolvedApprovalIsCountedWithItsTypeAndOutcomeAndTheOutboxIsWatched() {
    Api api = new Api(port);
    ApprovalRequested requested = approvalRequested(ApprovalType.MAJORITY, "bob", "carol", "dave");
    publish(requested);
    api.awaitOpen(requested);
    api.respond("bob", requested.approvalId(), "reject", null);
    api.respond("carol", requested.approvalId(), "reject", null);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(scrape())
                    .containsPattern(
                        "pilot_approval_wait_seconds_count\\{application=\"approval-service\","
                            + "outcome=\"rejected\",type=\"majority\"} [1-9]")
                    .contains("pilot_approval_wait_seconds_bucket{")
                    .contains("pilot_outbox_pending{application=\"approval-service\"}")
                    .contains("pilot_outbox_oldest_age_seconds{application=\"approval-service\"}"));
  }

  /**
   * What Prometheus would read from /actuator/prometheus (whose access is the operators' concern).
   */
  private String scrape() {
    return prometheus.scrape();
  }
}
