package dev.pilot.approval.link;

import dev.pilot.approval.notify.LinkClaims;
import dev.pilot.approval.request.Approval;

/** What opening a link finds, before anything is recorded. */
sealed interface LinkState {

  int status();

  /** Not a link this service signed (or not one any more): says nothing about why. */
  record Invalid() implements LinkState {
    public int status() {
      return 404;
    }
  }

  record Expired(LinkClaims claims) implements LinkState {
    public int status() {
      return 410;
    }
  }

  record Used(LinkClaims claims) implements LinkState {
    public int status() {
      return 409;
    }
  }

  /** The approval is no longer pending. */
  record Closed(LinkClaims claims, Approval approval) implements LinkState {
    public int status() {
      return 409;
    }
  }

  /** The proposal was amended since the link was made: it answers a revision that is gone. */
  record Stale(LinkClaims claims, Approval approval) implements LinkState {
    public int status() {
      return 409;
    }
  }

  /** The link may be confirmed (the answer's own rules are checked when it is). */
  record Open(LinkClaims claims, Approval approval) implements LinkState {
    public int status() {
      return 200;
    }
  }
}
