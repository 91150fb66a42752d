package dev.pilot.approval.link;

import dev.pilot.approval.notify.LinkClaims;
import dev.pilot.approval.notify.LinkTokens;
import dev.pilot.approval.request.Approval;
import dev.pilot.approval.request.ApprovalStatus;
import dev.pilot.approval.request.Approvals;
import dev.pilot.approval.response.ApprovalResponses;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and confirms signed links. The link is the approver's credential for exactly one answer:
 * the signature proves this service made it for that approver, approval, revision and decision, and
 * nobody else holds it unless the approver passed it on. Confirming it records the answer as the
 * approver through {@link ApprovalResponses}, with every rule and refusal of the API.
 */
@Service
class LinkAnswers {

  private final LinkTokens tokens;
  private final Approvals approvals;
  private final ApprovalResponses responses;
  private final UsedLinks used;
  private final Clock clock;

  LinkAnswers(
      LinkTokens tokens,
      Approvals approvals,
      ApprovalResponses responses,
      UsedLinks used,
      Clock clock) {
    this.tokens = tokens;
    this.approvals = approvals;
    this.responses = responses;
    this.used = used;
    this.clock = clock;
  }

  /** What the link would do now; reads only. */
  LinkState inspect(String token) {
    Optional<LinkClaims> verified = tokens.verify(token);
    if (verified.isEmpty()) {
      return new LinkState.Invalid();
    }
    LinkClaims claims = verified.get();
    if (claims.isExpiredAt(clock.instant())) {
      return new LinkState.Expired(claims);
    }
    if (used.isUsed(claims.tokenId())) {
      return new LinkState.Used(claims);
    }
    // To anyone it does not concern, an approval does not exist, whoever signed the link.
    Optional<Approval> found =
        approvals.find(claims.approvalId()).filter(a -> a.isVisibleTo(claims.approver()));
    if (found.isEmpty()) {
      return new LinkState.Invalid();
    }
    Approval approval = found.get();
    if (approval.status() != ApprovalStatus.PENDING) {
      return new LinkState.Closed(claims, approval);
    }
    if (approval.revision() != claims.revision()) {
      return new LinkState.Stale(claims, approval);
    }
    return new LinkState.Open(claims, approval);
  }

  /**
   * Records the link's answer and uses the link up, in one transaction: a refused answer (403, 409,
   * 400 as the API gives them) leaves the link unused. Throws {@link LinkRefused} when the link
   * itself no longer allows an answer.
   */
  @Transactional
  Approval confirm(String token, String comment) {
    LinkState state = inspect(token);
    if (!(state instanceof LinkState.Open open)) {
      throw new LinkRefused(state);
    }
    LinkClaims claims = open.claims();
    if (!used.markUsed(claims)) {
      throw new LinkRefused(new LinkState.Used(claims));
    }
    return responses.recordAtRevision(
        claims.approvalId(),
        claims.approver(),
        claims.decision(),
        comment == null || comment.isBlank() ? null : comment.strip(),
        claims.revision());
  }

  /** The link's state forbids an answer; its page says why. */
  static final class LinkRefused extends RuntimeException {
    private final transient LinkState state;

    LinkRefused(LinkState state) {
      super("This link cannot record an answer");
      this.state = state;
    }

    LinkState state() {
      return state;
    }
  }
}
