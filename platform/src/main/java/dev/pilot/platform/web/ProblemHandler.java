package dev.pilot.platform.web;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DatabindException;

/** Maps the platform's exceptions, and malformed bodies, to problem+json responses. */
@RestControllerAdvice
public class ProblemHandler {

  private static final String TYPES = "https://pilot.dev/problems/";

  @ExceptionHandler(InvalidRequestException.class)
  ProblemDetail invalid(InvalidRequestException e) {
    return invalid(e.violations());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof RequestTooLargeException tooLarge) {
        return tooLarge(tooLarge);
      }
      if (c instanceof StreamConstraintsException limit) {
        return invalid(
            List.of(new Violation("body", "exceeds a JSON limit: " + limit.getOriginalMessage())));
      }
    }
    Throwable cause = e.getMostSpecificCause();
    if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
      String field = jsonPath(databind);
      return invalid(List.of(new Violation(field, "has the wrong type or an unknown value")));
    }
    return invalid(List.of(new Violation("body", "must be a well-formed JSON object")));
  }

  /** 429: a configured limit on what one user may have at once is reached. */
  public static ProblemDetail tooMany(String detail) {
    return problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many requests", detail);
  }

  @ExceptionHandler(RequestTooLargeException.class)
  ProblemDetail tooLarge(RequestTooLargeException e) {
    ProblemDetail problem =
        problem(
            HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "Request too large", e.getMessage());
    problem.setProperty(
        "errors", List.of(new Violation("body", "must be at most " + e.limit() + " bytes")));
    return problem;
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
    return invalid(List.of(new Violation(e.getName(), "has the wrong type or an unknown value")));
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ProblemDetail missingParameter(MissingServletRequestParameterException e) {
    return invalid(List.of(new Violation(e.getParameterName(), "is required")));
  }

  @ExceptionHandler(NotFoundException.class)
  ProblemDetail notFound(NotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
  }

  @ExceptionHandler(ForbiddenException.class)
  ProblemDetail forbidden(ForbiddenException e) {
    return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
  }

  @ExceptionHandler(ConflictException.class)
  ProblemDetail conflict(ConflictException e) {
    return conflict(e.getMessage());
  }

  /**
   * The 409 problem, for a service that maps its own domain exception at its web edge (its domain
   * must not know this package).
   */
  public static ProblemDetail conflict(String detail) {
    return problem(HttpStatus.CONFLICT, "conflict", "Conflict", detail);
  }

  static ProblemDetail invalid(List<Violation> violations) {
    ProblemDetail problem =
        problem(
            HttpStatus.BAD_REQUEST,
            "invalid-request",
            "Invalid request",
            violations.stream().map(v -> v.field() + " " + v.message()).toList().toString());
    problem.setProperty("errors", violations);
    return problem;
  }

  private static ProblemDetail problem(
      HttpStatus status, String type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPES + type));
    problem.setTitle(title);
    return problem;
  }

  private static String jsonPath(DatabindException e) {
    StringBuilder path = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}
