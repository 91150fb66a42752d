package dev.pilot.systemtests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;

/** One browser's view of the running-executions SSE stream, recorded event by event. */
public final class DashboardStream implements AutoCloseable {

  /** One server-sent event with the moment it arrived. */
  public record Event(
      String id, String name, JsonNode data, long receivedAtNanos, long receivedAtMillis) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private volatile InputStream body;

  private DashboardStream(URI base, String user) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/api/running-executions/stream"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)))
            .header("Accept", "text/event-stream")
            .build();
    reader =
        new Thread(
            () -> {
              try {
                HttpResponse<InputStream> response =
                    HttpClient.newHttpClient()
                        .send(request, HttpResponse.BodyHandlers.ofInputStream());
                body = response.body();
                read(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)));
              } catch (IOException | InterruptedException closed) {
                // the stream ends when the test closes it
              }
            },
            "dashboard-stream-" + user);
    reader.setDaemon(true);
    reader.start();
  }

  public static DashboardStream open(URI base, String user) {
    return new DashboardStream(base, user);
  }

  private void read(BufferedReader lines) throws IOException {
    String id = null;
    String name = "message";
    StringBuilder data = new StringBuilder();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.isEmpty()) {
        if (!data.isEmpty()) {
          events.add(
              new Event(
                  id,
                  name,
                  PilotApi.JSON.readTree(data.toString()),
                  System.nanoTime(),
                  System.currentTimeMillis()));
        }
        id = null;
        name = "message";
        data.setLength(0);
      } else if (line.startsWith("id:")) {
        id = line.substring(3).strip();
      } else if (line.startsWith("event:")) {
        name = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        data.append(line.substring(5).strip());
      }
    }
  }

  public List<Event> events() {
    return new ArrayList<>(events);
  }

  /**
   * Every state of one execution the stream delivered: its {@code execution} upserts and, once it
   * ended, the row its {@code removed} event carries. The dashboard coalesces what one batch of
   * events did to a run into one change, so a run's last steps may arrive only with its removal.
   */
  public List<JsonNode> rowsOf(Object executionId) {
    return events.stream()
        .filter(e -> e.name().equals("execution") || e.name().equals("removed"))
        .map(Event::data)
        .filter(d -> executionId.toString().equals(text(d, "execution_id")))
        .toList();
  }

  public boolean removed(Object executionId) {
    return events.stream()
        .anyMatch(
            e ->
                e.name().equals("removed")
                    && executionId.toString().equals(text(e.data(), "execution_id")));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null ? null : value.asString();
  }

  @Override
  public void close() {
    reader.interrupt();
    try {
      if (body != null) {
        body.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
