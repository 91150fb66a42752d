package dev.pilot.approval;

import dev.pilot.contracts.execution.ApprovalRequested;
import dev.pilot.testsupport.DemoUsers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The approval API as a browser or the dashboard calls it: HTTP Basic as one demo user. */
public final class Api {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public Api(int port) {
    this.base = "http://localhost:" + port;
  }

  /** A response: status, body parsed as JSON (a missing node when empty) and content type. */
  public record Reply(int status, JsonNode body, String contentType) {
    /** The {@code errors[].field} values of a 400 problem. */
    public java.util.List<String> errorFields() {
      return body.path("errors").valueStream().map(e -> e.path("field").asString()).toList();
    }
  }

  /** Waits until the approval the event announced is open to its first approver. */
  public ApprovalRequested awaitOpen(ApprovalRequested requested) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                get(requested.approvers().get(0), "/api/approvals/" + requested.approvalId())
                        .status()
                    == 200);
    return requested;
  }

  /** Answers as the approver; {@code comment} may be null. */
  public Reply respond(String approver, UUID approvalId, String decision, String comment) {
    String body =
        comment == null
            ? "{\"decision\":\"%s\"}".formatted(decision)
            : "{\"decision\":\"%s\",\"comment\":\"%s\"}".formatted(decision, comment);
    return post(approver, "/api/approvals/" + approvalId + "/responses", body);
  }

  public Reply get(String user, String path) {
    return send(request(user, path).GET().build());
  }

  public Reply post(String user, String path, String json) {
    return send(post(request(user, path), json));
  }

  public CompletableFuture<Reply> postAsync(String user, String path, String json) {
    return http.sendAsync(post(request(user, path), json), HttpResponse.BodyHandlers.ofString())
        .thenApply(Api::reply);
  }

  public static JsonNode parse(String json) {
    return JSON.readTree(json);
  }

  private static HttpRequest post(HttpRequest.Builder builder, String json) {
    return builder
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private HttpRequest.Builder request(String user, String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(120))
        .header("Authorization", DemoUsers.basicAuthorization(user))
        .header("Accept", "application/json, application/problem+json");
  }

  private Reply send(HttpRequest request) {
    try {
      return reply(http.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Reply reply(HttpResponse<String> response) {
    String body = response.body();
    return new Reply(
        response.statusCode(),
        body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body),
        response.headers().firstValue("Content-Type").orElse(""));
  }
}
