package dev.pilot.benchmarks;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts runs of one agent through the execution API, a bounded number in flight. */
final class Launcher {

  private static final Pattern EXECUTION_ID =
      Pattern.compile("\"execution_id\"\\s*:\\s*\"([^\"]+)\"");
  private final LoopbackHttp http = new LoopbackHttp();
  private final BenchSystem system;
  private final String authorization;
  private final Semaphore inFlight = new Semaphore(32);

  /** Starts runs as {@code user}, spreading them over the execution-service instances. */
  Launcher(BenchSystem system, String user) {
    this.system = system;
    this.authorization = LoopbackHttp.basicAuthorization(user);
  }

  /** Starts one run; completes with its execution id. */
  CompletableFuture<UUID> start(UUID agent) {
    inFlight.acquireUninterruptibly();
    Counters.SENT.incrementAndGet();
    return http.post(
            system
                .next(BenchSystem.Service.EXECUTION)
                .resolve("/api/agents/" + agent + "/executions"),
            authorization,
            "{}")
        .whenComplete((r, e) -> inFlight.release())
        .thenApply(
            response -> {
              Matcher id = EXECUTION_ID.matcher(response.body());
              if (response.status() != 202 || !id.find()) {
                throw new IllegalStateException(
                    "start failed: " + response.status() + " " + response.body());
              }
              return UUID.fromString(id.group(1));
            });
  }

  /** Starts {@code count} runs as fast as the API takes them. */
  List<UUID> startAll(UUID agent, int count) {
    List<CompletableFuture<UUID>> started = new CopyOnWriteArrayList<>();
    for (int i = 0; i < count; i++) {
      started.add(start(agent));
    }
    return started.stream().map(CompletableFuture::join).toList();
  }
}
