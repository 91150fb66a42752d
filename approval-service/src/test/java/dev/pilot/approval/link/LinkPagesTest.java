package dev.pilot.approval.link;

import static dev.pilot.approval.ExecutionEventsFixture.approvalRequested;
import static dev.pilot.approval.ExecutionEventsFixture.publish;
import static dev.pilot.approval.ExecutionEventsFixture.withProposal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.approval.Api;
import dev.pilot.approval.ApprovalEventsRecorded;
import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.approval.notify.LinkBrowser;
import dev.pilot.approval.notify.LinkBrowser.Links;
import dev.pilot.approval.notify.LinkBrowser.Page;
import dev.pilot.approval.notify.NotificationReceivers;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.testsupport.AdjustableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The links of real notifications, followed without a login: opening one records nothing;
 * confirming it answers as its approver, once, under the API's rules.
 */
@ApprovalServiceTest
class LinkPagesTest {

  @LocalServerPort int port;
  @Autowired AdjustableClock clock;
  Api api;
  LinkBrowser browser;

  @BeforeEach
  void setUp() {
    api = new Api(port);
    browser = new LinkBrowser(port);
    ApprovalEventsRecorded.recorder();
  }

  @AfterEach
  void realTimeAgain() {
    clock.reset();
  }

  @Test
  void openingALinkShowsWhatWouldBeAnsweredAndRecordsNothing() {
    ApprovalRequested requested =
        withProposal(
            approvalRequested(ApprovalType.ANY, "bob", "carol"),
            Map.of("total", 1280.5),
            false,
            null);
    Links bob = linksOf(requested, "bob");

    Page first = browser.open(bob.approve());
    Page again = browser.open(bob.approve());

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.html())
        .contains("Approve as bob?", "Nothing is recorded until you confirm")
        .contains("Invoice sender", "Review invoices", "1280.5")
        .contains("<form method=\"post\" action=\"/approval-links\">");
    assertThat(again.status()).isEqualTo(200);
    JsonNode approval = approval("bob", requested);
    assertThat(approval.path("status").asString()).isEqualTo("pending");
    assertThat(approval.path("responses").size()).isZero();
  }

  @Test
  void confirmingALinkRecordsTheAnswerAsItsApproverOnce() {
    ApprovalRequested requested = approvalRequested(ApprovalType.ANY, "carol");
    Links carol = linksOf(requested, "carol");

    Page confirmed = browser.confirm(carol.reject(), "not this month");
    Page twice = browser.confirm(carol.reject(), null);

    assertThat(confirmed.status()).isEqualTo(200);
    assertThat(confirmed.html()).contains("Rejected", "recorded as <strong>carol</strong>");
    JsonNode approval = approval("carol", requested);
    assertThat(approval.path("status").asString()).isEqualTo("rejected");
    assertThat(approval.path("responses").get(0).path("approver").asString()).isEqualTo("carol");
    assertThat(approval.path("responses").get(0).path("comment").asString())
        .isEqualTo("not this month");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                ApprovalEventsRecorded.ofType(requested.executionId(), "ApprovalResolved").size()
                    == 1);
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.html()).contains("already used");
    assertThat(browser.open(carol.reject()).status()).isEqualTo(409);
  }

  @Test
  void aLinkIsRefusedWhereTheApiWouldRefuseTheSameAnswer() {
    // alice owns the execution and is its only approver, but may not approve her own run.
    ApprovalRequested own =
        approvalRequested(
            java.util.UUID.randomUUID(),
            ApprovalType.ANY,
            "alice",
            true,
            Instant.now().plus(Duration.ofHours(1)),
            "alice");
    Links alice = linksOf(own, "alice");
    Page selfApproval = browser.confirm(alice.approve(), null);
    assertThat(selfApproval.status()).isEqualTo(403);
    assertThat(selfApproval.html()).contains("forbids self-approval");

    // bob answered through the API already: his link finds the same 409.
    ApprovalRequested both = approvalRequested(ApprovalType.ALL, "bob", "carol");
    Links bob = linksOf(both, "bob");
    assertThat(api.respond("bob", both.approvalId(), "approve", null).status()).isEqualTo(200);
    Page answered = browser.confirm(bob.reject(), null);
    assertThat(answered.status()).isEqualTo(409);
    assertThat(answered.html()).contains("You already answered this approval");
    // A refused answer does not use the link up: it still says what it is, not "used".
    assertThat(browser.open(bob.reject()).html()).doesNotContain("already used");
  }

  @Test
  void aTamperedLinkIsNotValidAndRecordsNothing() {
    ApprovalRequested requested = approvalRequested(ApprovalType.ANY, "bob", "carol");
    Links bob = linksOf(requested, "bob");
    String token = LinkBrowser.token(bob.approve());
    String[] parts = token.split("\\.");
    String asCarol =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"bob\"", "\"carol\"");
    String forged =
        bob.approve().replace(token, "")
            + parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(asCarol.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];

    assertThat(browser.open(forged).status()).isEqualTo(404);
    Page refused = browser.confirm(forged, null);
    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.html()).contains("This link is not valid");
    assertThat(browser.confirm(bob.approve() + "x", null).status()).isEqualTo(404);
    assertThat(approval("bob", requested).path("responses").size()).isZero();
  }

  @Test
  void aLinkExpiresWithItsApproval() {
    ApprovalRequested requested =
        approvalRequested(
            java.util.UUID.randomUUID(),
            ApprovalType.ANY,
            "alice",
            false,
            Instant.now().plus(Duration.ofMinutes(5)),
            "bob");
    Links bob = linksOf(requested, "bob");

    clock.advance(Duration.ofMinutes(6));

    assertThat(browser.open(bob.approve()).status()).isEqualTo(410);
    Page late = browser.confirm(bob.approve(), null);
    assertThat(late.status()).isEqualTo(410);
    assertThat(late.html()).contains("This link expired");
    assertThat(approval("bob", requested).path("responses").size()).isZero();
  }

  @Test
  void aLinkToAnAmendedProposalSaysSoAndShowsTheCurrentOne() {
    ApprovalRequested requested =
        withProposal(
            approvalRequested(ApprovalType.ALL, "bob", "carol"),
            Map.of("total", 1280.5),
            true,
            null);
    Links bob = linksOf(requested, "bob");
    assertThat(
            api.post(
                    "carol",
                    "/api/approvals/" + requested.approvalId() + "/responses",
                    "{\"decision\":\"approve\",\"proposal\":{\"total\":999.25}}")
                .status())
        .isEqualTo(200);

    Page stale = browser.open(bob.approve());
    Page confirmed = browser.confirm(bob.approve(), null);

    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.html())
        .contains("The proposal changed since this link was sent")
        .contains("revision 1", "revision 2", "999.25")
        .contains("/approvals/" + requested.approvalId());
    assertThat(confirmed.status()).isEqualTo(409);
    assertThat(confirmed.html()).contains("The proposal changed since this link was sent");
    assertThat(approval("bob", requested).path("status").asString()).isEqualTo("pending");
  }

  private Links linksOf(ApprovalRequested requested, String approver) {
    publish(requested);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                NotificationReceivers.webhook().about(requested.approvalId()).stream()
                    .anyMatch(p -> p.text().contains(", " + approver + ".\n")));
    return LinkBrowser.of(NotificationReceivers.webhook().about(requested.approvalId()), approver);
  }

  private JsonNode approval(String user, ApprovalRequested requested) {
    return api.get(user, "/api/approvals/" + requested.approvalId()).body();
  }
}
