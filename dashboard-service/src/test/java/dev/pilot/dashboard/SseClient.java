package dev.pilot.dashboard;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client reading a text/event-stream as a browser's EventSource would. */
public final class SseClient implements AutoCloseable {

  /** One received event, with the moment it was parsed. */
  public record Event(String id, String name, String data, Instant receivedAt) {
    public JsonNode json() {
      return JSON.readTree(data);
    }

    public String executionId() {
      return json().path("execution_id").asString("");
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final List<String> comments = new CopyOnWriteArrayList<>();
  private volatile int status;
  private volatile InputStream body;
  private volatile boolean closed;

  private SseClient() {}

  public static SseClient open(String url, String authorization, String lastEventId) {
    SseClient client = new SseClient();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Accept", "text/event-stream")
            .header("Authorization", authorization);
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    Thread reader =
        new Thread(() -> client.read(request.build()), "sse-client-" + System.nanoTime());
    reader.setDaemon(true);
    reader.start();
    return client;
  }

  private void read(HttpRequest request) {
    try {
      HttpResponse<InputStream> response =
          HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
      status = response.statusCode();
      body = response.body();
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
      String id = null;
      String name = "message";
      StringBuilder data = new StringBuilder();
      String line;
      while (!closed && (line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            events.add(new Event(id, name, data.toString(), Instant.now()));
          }
          id = null;
          name = "message";
          data.setLength(0);
        } else if (line.startsWith(":")) {
          comments.add(line.substring(1));
        } else if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("event:")) {
          name = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          if (!data.isEmpty()) {
            data.append('\n');
          }
          data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
        }
      }
    } catch (Exception e) {
      // closed by the test or by the server
    }
  }

  public int status() {
    return status;
  }

  public List<Event> events() {
    return new ArrayList<>(events);
  }

  public List<String> comments() {
    return new ArrayList<>(comments);
  }

  public List<Event> eventsFor(Object executionId) {
    return events.stream().filter(e -> e.data().contains(executionId.toString())).toList();
  }

  public List<Event> matching(Predicate<Event> p) {
    return events.stream().filter(p).toList();
  }

  public String lastEventId() {
    List<Event> all = events();
    return all.isEmpty() ? null : all.get(all.size() - 1).id();
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (body != null) {
        body.close();
      }
    } catch (Exception ignored) {
      // already gone
    }
  }
}
