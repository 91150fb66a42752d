package dev.pilot.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tiny stand-in for execution-service and approval-service behind the gateway: it answers what a
 * test registered, records every request, and hands decisions and commands to the test (which then
 * publishes the events the real service would).
 */
public final class FakeBackends {

  /** A request as the backend received it ({@code traceparent}: the W3C header, or null). */
  public record Received(
      String method,
      String path,
      String query,
      String authorization,
      String body,
      String traceparent) {}

  /** Thrown by a POST action: the backend refuses with this status and a problem+json detail. */
  public static final class Refusal extends RuntimeException {
    private final int status;

    public Refusal(int status, String detail) {
      super(detail);
      this.status = status;
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static FakeBackends shared;

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, ObjectNode> resources = new ConcurrentHashMap<>();
  private final Map<String, BiFunction<String, JsonNode, ObjectNode>> actions =
      new ConcurrentHashMap<>();

  private FakeBackends() {
    try {
      server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  public static synchronized FakeBackends shared() {
    if (shared == null) {
      shared = new FakeBackends();
    }
    return shared;
  }

  public String url() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  /** Serves {@code body} for GET {@code path}. */
  public void serve(String path, ObjectNode body) {
    resources.put(path, body);
  }

  /** Runs {@code action(user, requestBody)} for POST {@code path}; its result is the answer. */
  public void onPost(String path, BiFunction<String, JsonNode, ObjectNode> action) {
    actions.put(path, action);
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(
        new Received(
            method,
            path,
            exchange.getRequestURI().getRawQuery(),
            authorization,
            body,
            exchange.getRequestHeaders().getFirst("traceparent")));
    try {
      if ("GET".equals(method) && resources.containsKey(path)) {
        respond(exchange, 200, "application/json", JSON.writeValueAsString(resources.get(path)));
      } else if ("POST".equals(method) && actions.containsKey(path)) {
        JsonNode request = body.isBlank() ? object() : JSON.readTree(body);
        ObjectNode answer = actions.get(path).apply(user(authorization), request);
        respond(exchange, 200, "application/json", JSON.writeValueAsString(answer));
      } else {
        respond(
            exchange,
            404,
            "application/problem+json",
            "{\"type\":\"https://pilot.dev/problems/not-found\",\"title\":\"Not found\","
                + "\"status\":404,\"detail\":\"No such resource: "
                + path
                + "\"}");
      }
    } catch (Refusal refusal) {
      ObjectNode problem = object();
      problem.put("type", "about:blank");
      problem.put("title", refusal.status == 409 ? "Conflict" : "Refused");
      problem.put("status", refusal.status);
      problem.put("detail", refusal.getMessage());
      respond(
          exchange, refusal.status, "application/problem+json", JSON.writeValueAsString(problem));
    } catch (RuntimeException e) {
      respond(exchange, 500, "text/plain", e.toString());
    }
  }

  private static String user(String authorization) {
    if (authorization == null || !authorization.startsWith("Basic ")) {
      return null;
    }
    String decoded =
        new String(
            java.util.Base64.getDecoder().decode(authorization.substring(6)),
            StandardCharsets.UTF_8);
    return decoded.substring(0, decoded.indexOf(':'));
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
