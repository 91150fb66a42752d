package dev.pilot.platform.web;

import java.util.List;

/** 400: the request breaks one or more rules; nothing was stored. */
public class InvalidRequestException extends RuntimeException {

  private final List<Violation> violations;

  public InvalidRequestException(List<Violation> violations) {
    super(violations.toString());
    this.violations = List.copyOf(violations);
  }

  public static InvalidRequestException of(String field, String message) {
    return new InvalidRequestException(List.of(new Violation(field, message)));
  }

  public List<Violation> violations() {
    return violations;
  }
}
