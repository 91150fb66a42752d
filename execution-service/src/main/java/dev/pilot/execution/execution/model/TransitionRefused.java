package dev.pilot.execution.execution.model;

/**
 * A command the run's state does not allow (pausing a finished run, resuming a running one): the
 * run is unchanged. The web layer answers 409.
 */
public class TransitionRefused extends RuntimeException {

  TransitionRefused(String message) {
    super(message);
  }
}
