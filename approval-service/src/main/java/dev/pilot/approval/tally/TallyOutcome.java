package dev.pilot.approval.tally;

/** Where a tally stands: decided one way or the other, or still waiting for answers. */
public enum TallyOutcome {
  APPROVED,
  REJECTED,
  PENDING;

  public boolean isDecided() {
    return this != PENDING;
  }
}
