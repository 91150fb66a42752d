package dev.pilot.localstack.services;

/** A service did not become healthy: names the service and its log file. */
public final class ServiceStartupException extends IllegalStateException {

  ServiceStartupException(String message) {
    super(message);
  }
}
