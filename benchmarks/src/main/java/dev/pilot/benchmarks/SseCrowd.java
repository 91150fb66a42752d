package dev.pilot.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Many open dashboards at once, each an SSE connection, recording when each row arrived. */
final class SseCrowd implements AutoCloseable {

  /** One client received the row of an execution with {@code completed} steps done. */
  record Receipt(UUID execution, int completed, long receivedAtMillis) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ConcurrentLinkedQueue<Receipt> receipts = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Flow.Subscription> subscriptions =
      new ConcurrentLinkedQueue<>();
  private final AtomicInteger snapshots = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final ConcurrentHashMap<String, Card> cards = new ConcurrentHashMap<>();

  /** What a receipt needs of an {@code execution} event's data line. */
  private record Card(UUID execution, int completed) {}

  private static Card card(String line) {
    JsonNode row = JSON.readTree(line.substring(5).strip());
    JsonNode completed = row.get("completed_steps");
    return new Card(
        UUID.fromString(row.get("execution_id").asString()),
        completed == null ? -1 : completed.size());
  }

  SseCrowd(URI dashboard, String user, int clients) {
    HttpRequest request =
        HttpRequest.newBuilder(dashboard.resolve("/api/running-executions/stream"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)))
            .header("Accept", "text/event-stream")
            .build();
    for (int i = 0; i < clients; i++) {
      CompletableFuture<HttpResponse<Void>> response =
          http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Client()));
      response.exceptionally(
          e -> {
            failures.incrementAndGet();
            return null;
          });
    }
  }

  /** Waits until every client got its first snapshot; returns how many did. */
  int awaitConnected(int clients, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (snapshots.get() + failures.get() < clients && System.nanoTime() < deadline) {
      Pause.briefly();
    }
    return snapshots.get();
  }

  List<Receipt> receipts() {
    return List.copyOf(receipts);
  }

  int failures() {
    return failures.get();
  }

  @Override
  public void close() {
    subscriptions.forEach(Flow.Subscription::cancel);
  }

  private final class Client implements Flow.Subscriber<String> {
    private String event = "message";

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscriptions.add(subscription);
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.startsWith("event:")) {
        event = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        if (event.equals("snapshot")) {
          snapshots.incrementAndGet();
        } else if (event.equals("execution")) {
          long now = System.currentTimeMillis();
          // Every client gets the same frame of a change: parse it once, not once per client, so
          // the driver's own CPU (it shares the machine with the dashboard) does not swell the
          // figure it measures.
          Card card = cards.computeIfAbsent(line, SseCrowd::card);
          receipts.add(new Receipt(card.execution(), card.completed(), now));
        }
      } else if (line.isEmpty()) {
        event = "message";
      }
    }

    @Override
    public void onError(Throwable throwable) {
      failures.incrementAndGet();
    }

    @Override
    public void onComplete() {}
  }
}
