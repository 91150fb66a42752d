package dev.pilot.platform.apidocs;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.web.method.HandlerMethod;

/**
 * Documents the answers the platform gives the same way everywhere: 401 without credentials, and
 * the problem+json statuses an endpoint declares with {@link ProblemResponses}, each with an
 * example of the body {@code ProblemHandler} writes.
 */
final class ProblemDocumentation implements OperationCustomizer {

  static final String PROBLEM_JSON = "application/problem+json";
  static final String PROBLEM = "Problem";
  static final String VIOLATION = "Violation";

  private record Status(String description, String title, String type, String detail) {}

  private static final Map<Integer, Status> STATUSES =
      Map.of(
          400,
          new Status(
              "Invalid request: `errors` names each offending field (as a JSON path) and its rule",
              "Invalid request",
              "invalid-request",
              "[limit must be between 1 and 500]"),
          403,
          new Status(
              "Authenticated, but not allowed to do this",
              "Forbidden",
              "forbidden",
              "only administrators may do this"),
          404,
          new Status(
              "Not found, or not visible to the caller (never a hint that it exists)",
              "Not found",
              "not-found",
              "execution 3f1c2a8e-5b7d-4e0f-9a61-0c2d4e6f8a10 not found"),
          409,
          new Status(
              "Conflicts with the resource's current state",
              "Conflict",
              "conflict",
              "execution 3f1c2a8e-5b7d-4e0f-9a61-0c2d4e6f8a10 is completed"),
          413,
          new Status(
              "The request body is larger than the service accepts (`pilot.web.limits.max-body`,"
                  + " 1 MB by default): `errors` names `body` and the limit",
              "Request too large",
              "request-too-large",
              "The request body is larger than 1048576 bytes"),
          429,
          new Status(
              "The caller already has as many active executions (running, waiting for approval"
                  + " or paused) as one owner may (`EXECUTION_MAX_ACTIVE_PER_OWNER`); retry when"
                  + " one has finished",
              "Too many requests",
              "too-many-requests",
              "alice already has 100 active executions (running, waiting for approval or paused),"
                  + " the most one owner may have: wait for one to finish, or cancel one"));

  static Map<String, Schema> schemas() {
    Schema<?> violation =
        typed("object")
            .addProperty("field", typed("string").example("pilot_steps[1].approval.approvers"))
            .addProperty("message", typed("string").example("must not be empty"))
            .required(List.of("field", "message"));
    Schema<?> problem =
        typed("object")
            .description("RFC 9457 problem details")
            .addProperty("type", typed("string").format("uri"))
            .addProperty("title", typed("string"))
            .addProperty("status", typed("integer").format("int32"))
            .addProperty("detail", typed("string"))
            .addProperty("instance", typed("string").format("uri-reference"))
            .addProperty(
                "errors",
                typed("array")
                    .items(new Schema<>().$ref(VIOLATION))
                    .description(
                        "400: every rule the request broke; 413: `body` and the size limit"))
            .required(List.of("type", "title", "status"));
    return Map.of(PROBLEM, problem, VIOLATION, violation);
  }

  /** OpenAPI 3.1 writes {@code types}, 3.0 {@code type}: set both so either version is right. */
  static Schema<Object> typed(String type) {
    Schema<Object> schema = new Schema<>();
    schema.type(type);
    schema.types(java.util.Set.of(type));
    return schema;
  }

  static ApiResponse unauthorized() {
    return new ApiResponse()
        .description("No or invalid credentials")
        .addHeaderObject(
            "WWW-Authenticate",
            new Header()
                .description("the scheme to authenticate with")
                .schema(typed("string").example("Basic realm=\"Realm\"")));
  }

  @Override
  public Operation customize(Operation operation, HandlerMethod handler) {
    ApiResponses responses = operation.getResponses();
    responses.addApiResponse("401", unauthorized());
    ProblemResponses declared = handler.getMethodAnnotation(ProblemResponses.class);
    if (declared != null) {
      for (int status : declared.value()) {
        responses.addApiResponse(String.valueOf(status), problem(status));
      }
    }
    return operation;
  }

  private static ApiResponse problem(int status) {
    Status known = STATUSES.get(status);
    if (known == null) {
      throw new IllegalArgumentException("no problem documentation for status " + status);
    }
    var body = new java.util.LinkedHashMap<String, Object>();
    body.put("type", "https://pilot.dev/problems/" + known.type());
    body.put("title", known.title());
    body.put("status", status);
    body.put("detail", known.detail());
    body.put("instance", "/api/executions");
    if (status == 400) {
      body.put("errors", List.of(Map.of("field", "limit", "message", "must be between 1 and 500")));
    } else if (status == 413) {
      body.put(
          "errors", List.of(Map.of("field", "body", "message", "must be at most 1048576 bytes")));
    }
    return new ApiResponse()
        .description(known.description())
        .content(
            new Content()
                .addMediaType(
                    PROBLEM_JSON,
                    new MediaType()
                        .schema(new Schema<>().$ref(PROBLEM))
                        .addExamples(known.type(), new Example().value(body))));
  }
}
