package dev.pilot.platform.web;

import java.io.IOException;

/**
 * 413: the request body is larger than {@link RequestLimitsProperties#maxBody()}. An IOException
 * because it is thrown while the body is read.
 */
public class RequestTooLargeException extends IOException {

  private final long limit;

  public RequestTooLargeException(long limit) {
    super("The request body is larger than " + limit + " bytes");
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }
}
