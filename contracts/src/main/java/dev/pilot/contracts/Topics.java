package dev.pilot.contracts;

/** Kafka topics of the contract. Every record on them is keyed by its {@code execution_id}. */
public final class Topics {

  public static final String EXECUTION_EVENTS = "execution-events";
  public static final String APPROVAL_EVENTS = "approval-events";

  private Topics() {}
}
