package dev.pilot.platform.apidocs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem+json answers an endpoint may give besides the 401 every endpoint documents: {@code
 * 400} (the body's {@code errors} name each field and rule), {@code 403}, {@code 404} (absent or
 * not the caller's), {@code 409}, {@code 413} (a request body over the size limit: every endpoint
 * that takes a body) and {@code 429} (a per-caller limit reached). The API description lists
 * exactly these for the endpoint.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ProblemResponses {
  int[] value();
}
