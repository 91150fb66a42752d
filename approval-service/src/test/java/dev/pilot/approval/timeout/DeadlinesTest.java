package dev.pilot.approval.timeout;

import static dev.pilot.approval.ExecutionEventsFixture.approvalExpiringAt;
import static dev.pilot.approval.ExecutionEventsFixture.publish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.approval.Api;
import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.execution.ApprovalRequested;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The check a sweep makes before it opens its transactions, on real PostgreSQL. */
@ApprovalServiceTest
class DeadlinesTest {

  @LocalServerPort int port;
  @Autowired Deadlines deadlines;

  @Test
  void aPendingApprovalHasPassedItsDeadlineFromItsExpiryOn() {
    Instant expiry = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);
    ApprovalRequested requested = approvalExpiringAt(ApprovalType.ANY, expiry, "bob");
    publish(requested);
    new Api(port).awaitOpen(requested);

    assertThat(deadlines.earliest())
        .hasValueSatisfying(at -> assertThat(at).isBeforeOrEqualTo(expiry));
  }

  @Test
  void nothingHadPassedLongBeforeAnyApprovalWasOpened() {
    assertThat(deadlines.earliest().filter(at -> !at.isAfter(Instant.EPOCH))).isEmpty();
  }
}
