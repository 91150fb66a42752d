package dev.pilot.dashboard.stream;

import dev.pilot.dashboard.DashboardProperties;
import dev.pilot.platform.apidocs.ProblemResponses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * {@code GET /api/running-executions/stream}: a snapshot (or the deltas since Last-Event-ID), then
 * {@code execution} and {@code removed} events as they commit, and a heartbeat comment.
 *
 * <p>Written as bytes, not as {@code ServerSentEvent}s: each change's frame is encoded once and
 * shared by every subscriber ({@link Frame}), and whatever piled up for a client while its previous
 * write was under way goes out in one write with one flush ({@link Subscription#batches()}). With
 * thousands of open dashboards that is what keeps a change's delivery from queueing behind
 * thousands of encodings and system calls.
 */
@Tag(name = "dashboard")
@RestController
class RunningExecutionsStream {

  private final ChangeHub hub;
  private final StreamStart start;
  private final DashboardProperties properties;
  private final Flux<Frame> heartbeat;

  RunningExecutionsStream(ChangeHub hub, StreamStart start, DashboardProperties properties) {
    this.hub = hub;
    this.start = start;
    this.properties = properties;
    // One timer for every stream of this instance, not one per stream.
    this.heartbeat = Flux.interval(properties.heartbeat()).map(i -> Frame.HEARTBEAT).share();
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
    Flux<List<Frame>> writes =
        Flux.defer(
            () -> {
              Subscription subscription =
                  hub.subscribe(user, properties.subscriberBuffer(), writerOf(response));
              Flux<List<Frame>> events =
                  blocking(() -> start.begin(user, lastEventId, max))
                      .flatMapMany(
                          first -> {
                            subscription.sentUpTo(first.upTo());
                            return Flux.concat(
                                Mono.just(first.frames()),
                                subscription
                                    .batches()
                                    .concatMap(batch -> render(subscription, batch, max), 1));
                          });
              return events
                  .mergeWith(heartbeat.onBackpressureDrop().map(List::of))
                  .doFinally(signal -> hub.unsubscribe(subscription));
            });
    return response.writeAndFlushWith(
        writes.filter(frames -> !frames.isEmpty()).map(frames -> wrap(buffers, frames)));
  }

  /**
   * One write, flushed once: the shared frames wrapped, not copied, as one buffer, so the
   * response's chunked encoding (a chunk header and trailer, a combined promise) and Reactor
   * Netty's send queue are paid once per write, not once per frame
   * (docs/notes/issue-12-fanout2.md).
   */
  private static Publisher<DataBuffer> wrap(DataBufferFactory buffers, List<Frame> frames) {
    if (buffers instanceof NettyDataBufferFactory netty) {
      if (frames.size() == 1) {
        return Mono.just(netty.wrap(frames.get(0).forWrite()));
      }
      ByteBuf[] parts = new ByteBuf[frames.size()];
      for (int i = 0; i < parts.length; i++) {
        parts[i] = frames.get(i).forWrite();
      }
      return Mono.just(netty.wrap(Unpooled.wrappedBuffer(parts.length, parts)));
    }
    int length = 0;
    for (Frame frame : frames) {
      length += frame.bytes().length;
    }
    byte[] joined = new byte[length];
    int at = 0;
    for (Frame frame : frames) {
      System.arraycopy(frame.bytes(), 0, joined, at, frame.bytes().length);
      at += frame.bytes().length;
    }
    return Mono.just(buffers.wrap(joined));
  }

  /**
   * The frames of a batch still to send; a snapshot marker becomes a fresh snapshot (read from the
   * database, off the event loop), and what it covers is not sent again.
   */
  private Mono<List<Frame>> render(
      Subscription subscription, List<Subscription.Item> batch, int limit) {
    if (batch.stream().noneMatch(Subscription.Item::isSnapshot)) {
      return Mono.just(frames(subscription, batch, limit));
    }
    return blocking(() -> frames(subscription, batch, limit));
  }

  private List<Frame> frames(Subscription subscription, List<Subscription.Item> batch, int limit) {
    List<Frame> frames = new ArrayList<>(batch.size());
    for (Subscription.Item item : batch) {
      if (item.isSnapshot()) {
        StreamStart.Start snapshot = start.snapshotNow(subscription.user(), limit);
        subscription.sentUpTo(snapshot.upTo());
        frames.addAll(snapshot.frames());
      } else if (!subscription.alreadySent(item)) {
        frames.add(item.frame());
      }
    }
    return frames;
  }

  /**
   * The thread a response's writes run on: its connection's event loop (Reactor Netty), where
   * handing it frames costs no thread hop; any other server: the caller's thread.
   */
  private static Executor writerOf(ServerHttpResponse response) {
    try {
      Object connection = ServerHttpResponseDecorator.getNativeResponse(response);
      if (connection instanceof Connection netty) {
        return netty.channel().eventLoop();
      }
    } catch (IllegalArgumentException notReactorNetty) {
      // another server: fall through
    }
    return Runnable::run;
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
