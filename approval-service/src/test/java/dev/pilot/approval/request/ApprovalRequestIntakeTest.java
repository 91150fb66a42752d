package dev.pilot.approval.request;

import static dev.pilot.approval.ExecutionEventsFixture.approvalRequested;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.approval.ApprovalRequestedCopy;
import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.contracts.execution.ExecutionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A poll's approval requests, opened together (one insert), on real PostgreSQL. */
@ApprovalServiceTest
class ApprovalRequestIntakeTest {

  @Autowired ApprovalRequestIntake intake;
  @Autowired Approvals approvals;
  @Autowired JdbcClient jdbc;

  @Test
  void aBatchOpensEachApprovalOnceThoughOneCameTwiceAndAnotherWasOpenAlready() {
    UUID execution = UUID.randomUUID();
    Instant expiry = Instant.now().plus(Duration.ofHours(1));
    ApprovalRequested earlier = approvalRequested(ApprovalType.ANY, "bob");
    ApprovalRequested first =
        ApprovalRequestedCopy.of(
                approvalRequested(execution, ApprovalType.ALL, "alice", false, expiry, "bob"))
            .proposal(Map.of("total", 10), true, null)
            .build();
    ApprovalRequested second =
        approvalRequested(execution, ApprovalType.ANY, "alice", true, expiry, "alice", "carol");
    intake.applyAll(List.of(earlier));

    intake.applyAll(List.of(earlier, first, first, second));

    assertThat(approvals.find(earlier.approvalId()).orElseThrow().approvers())
        .containsExactly("bob");
    Approval opened = approvals.find(first.approvalId()).orElseThrow();
    assertThat(opened.status()).isEqualTo(ApprovalStatus.PENDING);
    assertThat(opened.approvers()).containsExactly("bob");
    assertThat(opened.proposal().path("total").asInt()).isEqualTo(10);
    // the owner may not approve her own run: only carol is asked
    assertThat(approvals.find(second.approvalId()).orElseThrow().approvers())
        .containsExactly("carol");
    assertThat(count("approval_revisions where approval_id = ?", first.approvalId())).isOne();
    // one event counter for the execution, created with its approvals, at 0
    assertThat(count("execution_sequences where execution_id = ? and last_sequence = 0", execution))
        .isOne();
  }

  @Test
  void moreRequestsThanOneStatementTakesAreAllOpened() {
    List<ApprovalRequested> many =
        IntStream.range(0, 450)
            .mapToObj(i -> approvalRequested(ApprovalType.ANY, "batch-approver"))
            .toList();

    intake.applyAll(List.<ExecutionEvent>copyOf(many));

    assertThat(many).allSatisfy(r -> assertThat(approvals.find(r.approvalId())).isPresent());
  }

  private long count(String fromWhere, UUID id) {
    return jdbc.sql("select count(*) from " + fromWhere).param(id).query(Long.class).single();
  }
}
