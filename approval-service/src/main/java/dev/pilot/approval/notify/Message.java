package dev.pilot.approval.notify;

import java.net.URI;
import java.util.UUID;

/**
 * One notification as a channel sends it: to whom, why, about what, and the recipient's own signed
 * links. Sending the same notification again gives the same message (same id, same links), so a
 * retry is recognisable as one.
 */
record Message(
    UUID notificationId,
    String recipient,
    NotificationKind kind,
    Notice notice,
    URI approveLink,
    URI rejectLink,
    URI approvalPage) {

  /** A one-line subject: what waits for whom. */
  String subject() {
    return "%s: %s — %s".formatted(kind.headline(), agent(), notice.stepTitle());
  }

  /** The agent's name, or a neutral word when the request carried none. */
  String agent() {
    return notice.agentName() == null ? "an agent" : notice.agentName();
  }

  /** Plain text naming agent, step, reason and proposal, then the two links. */
  String text() {
    StringBuilder text = new StringBuilder();
    text.append(kind.headline()).append(", ").append(recipient).append(".\n\n");
    text.append("Agent: ").append(agent()).append('\n');
    text.append("Step: ").append(notice.stepTitle()).append('\n');
    if (notice.reason() != null) {
      text.append("Reason: ").append(notice.reason()).append('\n');
    }
    if (notice.proposalSummary() != null) {
      text.append("Proposal (revision ")
          .append(notice.revision())
          .append("): ")
          .append(notice.proposalSummary())
          .append('\n');
    }
    if (notice.expiresAt() != null) {
      text.append("Answer before: ").append(notice.expiresAt()).append('\n');
    }
    text.append("\nApprove: ").append(approveLink).append('\n');
    text.append("Reject: ").append(rejectLink).append('\n');
    text.append("In Pilot: ").append(approvalPage).append('\n');
    text.append(
        "\nEach link opens a confirmation page; nothing is recorded until you confirm there."
            + " The links are yours alone and work once.\n");
    return text.toString();
  }
}
