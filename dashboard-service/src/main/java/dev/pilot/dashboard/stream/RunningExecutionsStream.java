package dev.pilot.dashboard.stream;

import dev.pilot.dashboard.DashboardProperties;
import dev.pilot.platform.apidocs.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
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
 *
 * <p>Written as bytes, not as {@code ServerSentEvent}s: each change's frame is encoded once and
 * shared by every subscriber ({@link Frame}), and each client has one long-lived write stream
 * ({@link Subscription#frames}) that the hub hands frames to; a burst goes out with one flush, and
 * whatever piles up while a client does not read is merged ({@link Subscription}). With thousands
 * of open dashboards that is what keeps a change's delivery from queueing behind thousands of
 * encodings, stream assemblies and system calls.
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
  @ApiResponse(
      responseCode = "200",
      description =
          "An endless text/event-stream: `snapshot` (the running list), then `execution` (a card,"
              + " upserted) and `removed` events, each with its feed id; `:heartbeat` comments",
      content =
          @Content(
              mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
              schema = @Schema(type = "string")))
  @ProblemResponses({400})
  @GetMapping(path = "/api/running-executions/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Mono<Void> stream(
      Principal principal,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
      @RequestParam(name = "last_event_id", required = false) String lastEventIdParam,
      @RequestParam(required = false) Integer limit,
      ServerHttpResponse response) {
    String user = principal.getName();
    int max = limit == null ? properties.snapshotLimit() : Math.max(1, Math.min(limit, 500));
    Optional<Long> lastEventId = parse(lastEventIdHeader).or(() -> parse(lastEventIdParam));
    response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
    DataBufferFactory buffers = response.bufferFactory();
    Flux<Frame> frames =
        Flux.defer(
            () -> {
              Subscription subscription = hub.subscribe(user, properties.subscriberBuffer());
              return blocking(() -> start.begin(user, lastEventId, max))
                  .flatMapMany(
                      first -> {
                        subscription.sentUpTo(first.upTo());
                        return subscription.frames(
                            first.frames(), () -> start.snapshotNow(user, max));
                      })
                  .doFinally(signal -> hub.unsubscribe(subscription));
            });
    // One long-lived write per client: reactor-netty's send loop writes the frames handed to it
    // and flushes once when it has drained them, so a burst costs one flush, not one per frame.
    return response.writeWith(frames.map(frame -> buffers.wrap(frame.bytes())));
  }

  private static <T> Mono<T> blocking(Callable<T> call) {
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
