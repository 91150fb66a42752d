package dev.pilot.platform.web;

/** 403: the caller may see the resource but not do this to it. */
public class ForbiddenException extends RuntimeException {

  public ForbiddenException(String message) {
    super(message);
  }
}
