package dev.pilot.execution.steps;

/** An attempt failed for a reason worth showing to the user as is. */
public class StepFailedException extends RuntimeException {

  public StepFailedException(String message) {
    super(message);
  }
}
