package dev.pilot.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a user gets from the dashboard's JSON API. */
public final class ReadModel {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final WebTestClient client;

  public ReadModel(WebTestClient client) {
    this.client = client;
  }

  public JsonNode snapshot() {
    return get("/api/running-executions?limit=500");
  }

  public List<JsonNode> running() {
    List<JsonNode> rows = new ArrayList<>();
    snapshot().path("executions").forEach(rows::add);
    return rows;
  }

  public Optional<JsonNode> running(UUID executionId) {
    return running().stream()
        .filter(r -> executionId.toString().equals(r.path("execution_id").asString()))
        .findFirst();
  }

  public Optional<JsonNode> activity(UUID executionId) {
    List<JsonNode> rows = new ArrayList<>();
    get("/api/activity?limit=200").forEach(rows::add);
    return rows.stream()
        .filter(r -> executionId.toString().equals(r.path("execution_id").asString()))
        .findFirst();
  }

  private JsonNode get(String path) {
    String body =
        client
            .get()
            .uri(path)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    return JSON.readTree(body);
  }
}
