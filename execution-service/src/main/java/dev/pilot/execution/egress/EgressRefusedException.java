package dev.pilot.execution.egress;

/** The policy refuses a call; the message names the host and why, never credentials. */
public class EgressRefusedException extends Exception {

  public EgressRefusedException(String message) {
    super(message);
  }
}
