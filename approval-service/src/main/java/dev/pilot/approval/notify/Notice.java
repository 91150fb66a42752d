package dev.pilot.approval.notify;

import java.time.Instant;
import java.util.UUID;

/**
 * What a notification tells its recipient about an approval, as it stands when the notification is
 * enqueued: the links it carries are bound to {@code revision} and expire at {@code expiresAt}
 * (none: the configured link lifetime).
 *
 * @param proposalSummary the proposal as short text, or null when the approval has none
 */
public record Notice(
    UUID approvalId,
    UUID executionId,
    int revision,
    String agentName,
    String stepTitle,
    String reason,
    String proposalSummary,
    Instant expiresAt) {

  /** The longest proposal summary a notification carries; the confirmation page shows it all. */
  public static final int MAX_SUMMARY_LENGTH = 500;

  /** {@code text} cut to {@link #MAX_SUMMARY_LENGTH} characters, marked when it was cut. */
  public static String summary(String text) {
    if (text == null || text.length() <= MAX_SUMMARY_LENGTH) {
      return text;
    }
    return text.substring(0, MAX_SUMMARY_LENGTH - 1) + "…";
  }
}
