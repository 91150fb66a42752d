package dev.pilot.approval.request;

import static dev.pilot.approval.ExecutionEventsFixture.approvalExpiringAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.execution.ApprovalRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An approval this instance's intake did not open (another instance did, or it was opened before
 * this one started): its sweeps learn of its deadline only by checking the database again.
 */
@ApprovalServiceTest
class ApprovalsOpenedElsewhereTest {

  @Autowired Approvals approvals;

  @Test
  void anApprovalAnotherInstanceOpenedStillTimesOutHere() {
    ApprovalRequested requested =
        approvalExpiringAt(ApprovalType.ANY, Instant.now().plusSeconds(1), "bob");
    // Stored as another instance's intake stores it: this instance's sweeps are not told.
    assertThat(approvals.create(requested, List.of("bob"))).isTrue();

    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                approvals.find(requested.approvalId()).orElseThrow().status()
                    == ApprovalStatus.TIMEOUT);
  }
}
