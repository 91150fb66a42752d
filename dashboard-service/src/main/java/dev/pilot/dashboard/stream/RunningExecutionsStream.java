package dev.pilot.dashboard.stream;

import dev.pilot.dashboard.DashboardProperties;
import dev.pilot.platform.apidocs.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /api/running-executions/stream}: a snapshot (or the deltas since Last-Event-ID), then
 * {@code execution} and {@code removed} events as they commit, and a heartbeat comment.
 */
@Tag(name = "dashboard")
@RestController
class RunningExecutionsStream {

  private final ChangeHub hub;
  private final StreamStart start;
  private final DashboardProperties properties;

  RunningExecutionsStream(ChangeHub hub, StreamStart start, DashboardProperties properties) {
    this.hub = hub;
    this.start = start;
    this.properties = properties;
  }

  @Operation(
      operationId = "runningExecutionsStream",
      summary =
          "Server-sent events: the current state first, then every change (resumes after Last-Event-ID)")
  @ProblemResponses({400})
  @GetMapping(path = "/api/running-executions/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<ServerSentEvent<String>> stream(
      Principal principal,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
      @RequestParam(name = "last_event_id", required = false) String lastEventIdParam,
      @RequestParam(required = false) Integer limit) {
    String user = principal.getName();
    int max = limit == null ? properties.snapshotLimit() : Math.max(1, Math.min(limit, 500));
    Optional<Long> lastEventId = parse(lastEventIdHeader).or(() -> parse(lastEventIdParam));
    return Flux.defer(
        () -> {
          Subscription subscription = hub.subscribe(user, properties.subscriberBuffer());
          Flux<ServerSentEvent<String>> events =
              blocking(() -> start.begin(user, lastEventId, max))
                  .flatMapMany(
                      first -> {
                        subscription.sentUpTo(first.upTo());
                        return Flux.concat(
                            Flux.fromIterable(first.events()),
                            subscription
                                .items()
                                .concatMap(item -> render(subscription, item, max), 1));
                      });
          Flux<ServerSentEvent<String>> heartbeat =
              Flux.interval(properties.heartbeat())
                  .onBackpressureDrop()
                  .map(i -> ServerSentEvent.<String>builder().comment("heartbeat").build());
          return events.mergeWith(heartbeat).doFinally(signal -> hub.unsubscribe(subscription));
        });
  }

  private Mono<ServerSentEvent<String>> render(
      Subscription subscription, Subscription.Item item, int limit) {
    if (!item.isSnapshot()) {
      return subscription.alreadySent(item) ? Mono.empty() : Mono.just(item.event());
    }
    return blocking(() -> start.snapshotNow(subscription.user(), limit))
        .map(
            snapshot -> {
              subscription.sentUpTo(snapshot.upTo());
              return snapshot.events().get(0);
            });
  }

  private static <T> Mono<T> blocking(java.util.concurrent.Callable<T> call) {
    return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
  }

  private static Optional<Long> parse(String value) {
    try {
      return value == null || value.isBlank()
          ? Optional.empty()
          : Optional.of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
