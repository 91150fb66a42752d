package dev.pilot.execution;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on the loopback address standing in for the systems agents call: each path
 * answers with a scripted status, content type and body, and every request body it receives is
 * kept, by path, for the test to assert.
 */
public final class LoopbackServer implements AutoCloseable {

  public record Answer(int status, String contentType, String body) {}

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, List<String>> received = new ConcurrentHashMap<>();

  public LoopbackServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          received
              .computeIfAbsent(path, p -> new CopyOnWriteArrayList<>())
              .add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          Answer answer = answers.getOrDefault(path, new Answer(404, "text/plain", "no such path"));
          byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", answer.contentType());
          exchange.getResponseHeaders().add("Set-Cookie", "session=secret");
          exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  public LoopbackServer answer(String path, int status, String contentType, String body) {
    answers.put(path, new Answer(status, contentType, body));
    return this;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public List<String> received(String path) {
    return received.getOrDefault(path, List.of());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
