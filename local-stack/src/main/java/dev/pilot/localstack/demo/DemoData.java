package dev.pilot.localstack.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Seeds the demo agents through the execution service's API, as alice. Seeds once: an agent whose
 * name alice already has is left alone, so restarting the stack adds nothing.
 */
public final class DemoData {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final URI agents;
  private final boolean modelConfigured;

  public DemoData(URI executionService) {
    this(executionService, isSet(System.getenv("LLM_BASE_URL")));
  }

  /** {@code modelConfigured}: also seed the agent that asks a model (the llm step kind). */
  DemoData(URI executionService, boolean modelConfigured) {
    this.agents = executionService.resolve("/api/agents");
    this.modelConfigured = modelConfigured;
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  /**
   * @return the names of the agents created now (empty when all were there already)
   * @throws DemoDataException when the execution service refuses a listing or an agent
   */
  public List<String> seed() {
    String existing = send(request().GET().build(), 200);
    List<String> created = new ArrayList<>();
    for (DemoAgent agent : DemoAgent.all(modelConfigured)) {
      if (!agent.isListedIn(existing)) {
        send(
            request()
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(agent.json(), StandardCharsets.UTF_8))
                .build(),
            201);
        created.add(agent.name());
      }
    }
    return created;
  }

  private HttpRequest.Builder request() {
    String credentials = DemoUsers.OWNER + ":" + DemoUsers.PASSWORD;
    return HttpRequest.newBuilder(agents)
        .timeout(Duration.ofSeconds(10))
        .header("Accept", "application/json")
        .header(
            "Authorization",
            "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
  }

  private static String send(HttpRequest request, int expected) {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      boolean created = expected == 201 && response.statusCode() == 200;
      if (response.statusCode() != expected && !created) {
        throw new DemoDataException(
            request.method()
                + " "
                + request.uri()
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new DemoDataException(request.method() + " " + request.uri() + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoDataException("Interrupted while seeding demo data");
    }
  }
}
