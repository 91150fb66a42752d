package dev.pilot.platform.events;

/** A record that is not a valid contract event; never retried, always dead-lettered. */
public class MalformedEventException extends RuntimeException {

  public MalformedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
