package dev.pilot.approval.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server on loopback playing the Slack webhook: it records every post (failed ones too)
 * and answers 503 to the posts about an approval a test told it to refuse.
 */
public final class WebhookReceiver {

  /** One post as received. */
  public record Post(String idempotencyKey, JsonNode body, Instant at, int answered) {
    public String text() {
      return body.path("text").asString();
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpServer server;
  private final List<Post> posts = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext(
        "/hook",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = refuses(body) ? 503 : 200;
          posts.add(
              new Post(
                  exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                  JSON.readTree(body),
                  Instant.now(),
                  status));
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** The next {@code times} posts about this approval are answered 503. */
  public void refuseNext(UUID approvalId, int times) {
    refusals.put(approvalId.toString(), new AtomicInteger(times));
  }

  private boolean refuses(String body) {
    return refusals.entrySet().stream()
        .anyMatch(e -> body.contains(e.getKey()) && e.getValue().getAndDecrement() > 0);
  }

  /** Every post about the approval, in the order received. */
  public List<Post> about(UUID approvalId) {
    return posts.stream().filter(p -> p.body().toString().contains(approvalId.toString())).toList();
  }
}
