package dev.pilot.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The public HTTP API as one user sees it, through the dashboard's single origin. */
public final class PilotApi {

  public static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http;
  private final CookieManager cookies = new CookieManager();
  private volatile boolean askedForCsrfCookie;
  private final URI base;
  private final String authorization;

  public PilotApi(URI base, String user) {
    this.base = base;
    this.authorization =
        "Basic "
            + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .cookieHandler(cookies)
            .build();
  }

  public JsonNode createAgent(String agentJson) {
    return expect(201, send("POST", "/api/agents", agentJson));
  }

  public UUID start(UUID agentId) {
    JsonNode started = expect(202, send("POST", "/api/agents/" + agentId + "/executions", "{}"));
    return UUID.fromString(started.get("execution_id").asString());
  }

  public JsonNode execution(UUID executionId) {
    return expect(200, send("GET", "/api/executions/" + executionId, null));
  }

  public String status(UUID executionId) {
    return execution(executionId).get("status").asString();
  }

  public JsonNode approval(UUID approvalId) {
    return expect(200, send("GET", "/api/approvals/" + approvalId, null));
  }

  public JsonNode pendingApprovals() {
    return expect(200, send("GET", "/api/approvals?status=pending", null));
  }

  public JsonNode respond(UUID approvalId, String decision) {
    return expect(
        200,
        send(
            "POST",
            "/api/approvals/" + approvalId + "/responses",
            "{\"decision\":\"" + decision + "\",\"comment\":\"system test\"}"));
  }

  public JsonNode runningExecutions() {
    return expect(200, send("GET", "/api/running-executions", null));
  }

  public JsonNode activity() {
    return expect(200, send("GET", "/api/activity", null));
  }

  public HttpResponse<String> send(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", authorization)
            .header("Accept", "application/json");
    if (!method.equals("GET")) {
      // The dashboard guards browser writes against CSRF: send its cookie back as a header.
      request.header("X-XSRF-TOKEN", csrfToken());
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String csrfToken() {
    for (HttpCookie cookie : cookies.getCookieStore().getCookies()) {
      if (cookie.getName().equals("XSRF-TOKEN")) {
        return cookie.getValue();
      }
    }
    if (!askedForCsrfCookie) {
      askedForCsrfCookie = true;
      send("GET", "/api/running-executions", null);
      return csrfToken();
    }
    return "";
  }

  private static JsonNode expect(int status, HttpResponse<String> response) {
    if (response.statusCode() != status) {
      throw new AssertionError(
          "Expected HTTP "
              + status
              + " from "
              + response.request().method()
              + " "
              + response.request().uri()
              + " but got "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return JSON.readTree(response.body());
  }
}
