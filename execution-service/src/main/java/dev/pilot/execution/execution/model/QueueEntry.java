package dev.pilot.execution.execution.model;

import java.time.Instant;
import java.util.UUID;

/**
 * A run's place in the durable work queue. A running run is claimable once {@code runAt} has
 * passed; a worker that claims it holds a lease ({@code leaseOwner}, {@code leaseToken}) until
 * {@code leaseUntil}, and {@code runAt} moves with the lease, so an expired lease makes the run
 * claimable again. A run waiting for people, paused or finished is not in the queue (all null).
 */
public record QueueEntry(Instant runAt, String leaseOwner, UUID leaseToken, Instant leaseUntil) {

  private static final QueueEntry NOT_QUEUED = new QueueEntry(null, null, null, null);

  public static QueueEntry notQueued() {
    return NOT_QUEUED;
  }

  /** Claimable by any worker from {@code at} on; no lease. */
  public static QueueEntry runnableAt(Instant at) {
    return new QueueEntry(at, null, null, null);
  }

  QueueEntry claimedBy(String owner, UUID token, Instant until) {
    return new QueueEntry(until, owner, token, until);
  }

  QueueEntry extendedTo(Instant until) {
    return new QueueEntry(until, leaseOwner, leaseToken, until);
  }

  public boolean leased() {
    return leaseToken != null;
  }

  public boolean heldBy(UUID token) {
    return token != null && token.equals(leaseToken);
  }

  /** Whether a worker holds a lease that has not expired at {@code now}. */
  boolean liveAt(Instant now) {
    return leaseToken != null && leaseUntil != null && leaseUntil.isAfter(now);
  }
}
