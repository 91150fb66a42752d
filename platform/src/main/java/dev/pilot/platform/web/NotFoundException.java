package dev.pilot.platform.web;

/** 404: no such resource, or one the caller may not know exists. */
public class NotFoundException extends RuntimeException {

  public NotFoundException(String message) {
    super(message);
  }
}
