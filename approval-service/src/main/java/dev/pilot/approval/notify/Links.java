package dev.pilot.approval.notify;

import dev.pilot.contracts.Decision;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The recipient's approve and reject links of one notification, on the browser's origin ({@code
 * link-base-url}, the dashboard, which forwards {@code /approval-links/**} here). The links of a
 * notification are the same on every retry: their token ids come from the notification id.
 */
@Component
class Links {

  static final String PATH = "/approval-links/";

  private final LinkTokens tokens;
  private final NotifyProperties properties;

  Links(LinkTokens tokens, NotifyProperties properties) {
    this.tokens = tokens;
    this.properties = properties;
  }

  /** The approval's page on the dashboard (sign-in required there). */
  URI approvalPage(UUID approvalId) {
    return UriComponentsBuilder.fromUri(properties.linkBaseUrl())
        .path("/approvals/")
        .path(approvalId.toString())
        .build()
        .toUri();
  }

  URI link(UUID notificationId, String recipient, Notice notice, Instant enqueuedAt, Decision d) {
    Instant expires =
        notice.expiresAt() != null
            ? notice.expiresAt()
            : enqueuedAt.plus(properties.linkLifetime());
    UUID tokenId =
        UUID.nameUUIDFromBytes((notificationId + ":" + d.name()).getBytes(StandardCharsets.UTF_8));
    String token =
        tokens.sign(
            new LinkClaims(tokenId, notice.approvalId(), recipient, notice.revision(), d, expires));
    return UriComponentsBuilder.fromUri(properties.linkBaseUrl())
        .path(PATH)
        .path(token)
        .build()
        .toUri();
  }
}
