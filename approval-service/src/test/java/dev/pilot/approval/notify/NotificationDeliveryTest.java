package dev.pilot.approval.notify;

import static dev.pilot.approval.ExecutionEventsFixture.approvalRequested;
import static dev.pilot.approval.ExecutionEventsFixture.publish;
import static dev.pilot.approval.ExecutionEventsFixture.withProposal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pilot.approval.Api;
import dev.pilot.approval.ApprovalServiceTest;
import dev.pilot.contracts.ApprovalType;
import dev.pilot.contracts.Decision;
import dev.pilot.contracts.execution.ApprovalRequested;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Notifications reach a real HTTP server (the webhook) and a real SMTP server when an approval is
 * requested, and a failing channel is retried without holding back the approval or the other one.
 */
@ApprovalServiceTest
class NotificationDeliveryTest {

  @LocalServerPort int port;
  @Autowired LinkTokens tokens;
  Api api;

  @BeforeEach
  void setUp() {
    api = new Api(port);
  }

  @Test
  void everyApproverGetsAWebhookPostNamingAgentStepReasonAndProposalWithTheirOwnLinks() {
    ApprovalRequested requested =
        withProposal(
            approvalRequested(ApprovalType.ANY, "bob", "carol"),
            Map.of("total", 1280.5),
            false,
            null);
    publish(requested);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> NotificationReceivers.webhook().about(requested.approvalId()).size() == 2);
    List<WebhookReceiver.Post> posts =
        NotificationReceivers.webhook().about(requested.approvalId());
    for (WebhookReceiver.Post post : posts) {
      assertThat(post.text())
          .contains("Invoice sender", "Review invoices", "Invoices above 10k need a second look")
          .contains("{\"total\":1280.5}");
      assertThat(post.body().path("blocks").valueStream().map(b -> b.path("type").asString()))
          .containsExactly("header", "section", "section", "actions");
    }
    assertThat(posts.stream().map(WebhookReceiver.Post::idempotencyKey).distinct()).hasSize(2);
    for (String approver : List.of("bob", "carol")) {
      LinkBrowser.Links links = LinkBrowser.of(posts, approver);
      LinkClaims approve = tokens.verify(LinkBrowser.token(links.approve())).orElseThrow();
      LinkClaims reject = tokens.verify(LinkBrowser.token(links.reject())).orElseThrow();
      assertThat(approve.approver()).isEqualTo(approver);
      assertThat(approve.approvalId()).isEqualTo(requested.approvalId());
      assertThat(approve.revision()).isEqualTo(1);
      // PostgreSQL keeps microseconds, rounding the event's nanoseconds (not truncating them).
      assertThat(approve.expiresAt())
          .isCloseTo(
              requested.expiresAt(),
              org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MICROS));
      assertThat(approve.decision()).isEqualTo(Decision.APPROVE);
      assertThat(reject.decision()).isEqualTo(Decision.REJECT);
      assertThat(links.approve()).startsWith("http://localhost:8080/approval-links/v1.");
    }
  }

  @Test
  void approversInTheMailDirectoryGetAMailWithTheirLinks() throws Exception {
    ApprovalRequested requested = approvalRequested(ApprovalType.ALL, "bob", "dave");
    publish(requested);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                NotificationReceivers.mailsTo("bob@example.com", requested.approvalId()).size()
                    == 1);
    MimeMessage mail =
        NotificationReceivers.mailsTo("bob@example.com", requested.approvalId()).get(0);
    assertThat(mail.getSubject()).contains("Your approval is requested", "Invoice sender");
    assertThat(NotificationReceivers.text(mail))
        .contains("Agent: Invoice sender", "Step: Review invoices", "Reason: Invoices above 10k")
        .contains("Approve: http://localhost:8080/approval-links/v1.")
        .contains("Reject: http://localhost:8080/approval-links/v1.");
    assertThat(mail.getMessageID()).endsWith("@pilot.notify>");
    // dave has no address in the directory: the webhook reaches him, mail does not.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> NotificationReceivers.webhook().about(requested.approvalId()).size() == 2);
    assertThat(NotificationReceivers.mailsTo("dave@example.com", requested.approvalId())).isEmpty();
  }

  @Test
  void aFailingWebhookIsRetriedWithGrowingPausesUnderOneKeyAndHoldsBackNeitherTheApprovalNorMail() {
    ApprovalRequested requested = approvalRequested(ApprovalType.ANY, "bob");
    NotificationReceivers.webhook().refuseNext(requested.approvalId(), 3);
    publish(requested);
    api.awaitOpen(requested);

    // The approval resolves while its notification still fails.
    Api.Reply answered = api.respond("bob", requested.approvalId(), "approve", null);
    assertThat(answered.status()).isEqualTo(200);
    assertThat(answered.body().path("status").asString()).isEqualTo("approved");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                NotificationReceivers.mailsTo("bob@example.com", requested.approvalId()).size()
                    == 1);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> NotificationReceivers.webhook().about(requested.approvalId()).size() == 4);
    List<WebhookReceiver.Post> attempts =
        NotificationReceivers.webhook().about(requested.approvalId());
    assertThat(attempts)
        .extracting(WebhookReceiver.Post::answered)
        .containsExactly(503, 503, 503, 200);
    Set<String> keys =
        attempts.stream().map(WebhookReceiver.Post::idempotencyKey).collect(Collectors.toSet());
    assertThat(keys).hasSize(1);
    Duration first = Duration.between(attempts.get(0).at(), attempts.get(1).at());
    Duration third = Duration.between(attempts.get(2).at(), attempts.get(3).at());
    assertThat(first).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    assertThat(third).isGreaterThan(first);
    // Every attempt carried the same message: same links.
    assertThat(
            attempts.stream().map(p -> p.body().path("blocks")).map(JsonNode::toString).distinct())
        .hasSize(1);
  }
}
