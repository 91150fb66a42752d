package dev.pilot.localstack.demo;

/** The execution service refused to list or create a demo agent. */
public final class DemoDataException extends RuntimeException {

  DemoDataException(String message) {
    super(message);
  }
}
