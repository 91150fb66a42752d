package dev.pilot.dashboard.stream;

import dev.pilot.dashboard.DashboardProperties;
import dev.pilot.platform.apidocs.ProblemResponses;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /api/running-executions/stream}: a snapshot (or the deltas since Last-Event-ID), then
 * {@code execution} and {@code removed} events as they commit, and a heartbeat comment.
 *
 * <p>Written as bytes, not as {@code ServerSentEvent}s: each change's frame is encoded once and
 * shared by every subscriber ({@link Frame}), and whatever piled up for a client while its previous
 * write was under way goes out in one write with one flush ({@link Subscription}). The response's
 * first write (its headers and the snapshot) goes through WebFlux; every later one straight to the
 * connection's channel, on its event loop, where Netty's HTTP encoder chunks it like any other
 * write of the response: a reactive publisher chain per stream and write was the largest cost per
 * client of a fan-out to thousands of open dashboards (docs/notes/issue-12-fanout3.md).
 */
@Tag(name = "dashboard")
@RestController
class RunningExecutionsStream implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(RunningExecutionsStream.class);

  private final ChangeHub hub;
  private final StreamStart start;
  private final DashboardProperties properties;
  private final Disposable heartbeats;

  RunningExecutionsStream(ChangeHub hub, StreamStart start, DashboardProperties properties) {
    this.hub = hub;
    this.start = start;
    this.properties = properties;
    // One timer for every stream of this instance, not one per stream.
    this.heartbeats = Flux.interval(properties.heartbeat()).subscribe(tick -> hub.heartbeat());
  }

  @Override
  public void destroy() {
    heartbeats.dispose();
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
    Connection connection = connectionOf(response);
    Channel channel = connection.channel();
    return Mono.defer(
        () -> {
          Subscription subscription =
              hub.subscribe(user, properties.subscriberBuffer(), channel.eventLoop());
          // However the connection ends (the client leaves, a write fails), the stream ends too.
          channel.closeFuture().addListener(closed -> hub.unsubscribe(subscription));
          return blocking(() -> start.begin(user, lastEventId, max))
              .flatMap(
                  first -> {
                    subscription.sentUpTo(first.upTo());
                    // A resumed stream with nothing missed still sends its headers at once.
                    List<Frame> frames =
                        first.frames().isEmpty() ? List.of(Frame.HEARTBEAT) : first.frames();
                    return response.writeAndFlushWith(
                        Mono.just(Mono.just(response.bufferFactory().wrap(Frame.joined(frames)))));
                  })
              .then(
                  Mono.fromRunnable(
                      () ->
                          channel
                              .eventLoop()
                              .execute(
                                  () ->
                                      subscription.open(new ChannelOutlet(connection, user, max)))))
              // The response stays open (its later writes bypass it) until the client leaves.
              .then(Mono.<Void>never())
              .doFinally(signal -> hub.unsubscribe(subscription));
        });
  }

  /**
   * Writes a stream's frames to its connection; every method runs on the connection's event loop.
   * One write at a time per stream ({@link Subscription}): a write completes once the socket took
   * it, so a client that stops reading holds at most one write in Netty's outbound buffer, while
   * what comes meanwhile is merged and, past the subscriber buffer, collapses into a snapshot.
   */
  private final class ChannelOutlet implements Subscription.Outlet {

    private final Channel channel;
    private final String user;
    private final int limit;

    /**
     * Where a chunked response's writes enter the pipeline: right below Netty's HTTP encoder, as
     * the frames' shared, ready-made chunks; null (the response is not chunked, or the pipeline is
     * not the usual one): plain frames through the whole pipeline, the encoder frames them.
     */
    private final ChannelHandlerContext belowEncoder;

    ChannelOutlet(Connection connection, String user, int limit) {
      this.channel = connection.channel();
      this.user = user;
      this.limit = limit;
      this.belowEncoder =
          connection instanceof HttpServerResponse http
                  && http.responseHeaders()
                      .containsValue(
                          HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true)
              ? channel.pipeline().context(NettyPipeline.HttpCodec)
              : null;
    }

    @Override
    public boolean isOpen() {
      return channel.isActive();
    }

    @Override
    public void write(List<Frame> frames, Runnable done) {
      ChannelFuture written =
          belowEncoder == null
              ? channel.writeAndFlush(Frame.wire(frames))
              : belowEncoder.writeAndFlush(Frame.chunks(frames));
      // Mostly the socket takes the write at once: then no listener is needed.
      if (written.isDone()) {
        done.run();
      } else {
        written.addListener(future -> done.run());
      }
    }

    @Override
    public void readSnapshot(Consumer<StreamStart.Start> then) {
      Schedulers.boundedElastic()
          .schedule(
              () -> {
                StreamStart.Start snapshot;
                try {
                  snapshot = start.snapshotNow(user, limit);
                } catch (RuntimeException e) {
                  log.warn("Could not read a fresh snapshot; closing the stream to resume it", e);
                  channel.close();
                  return;
                }
                channel.eventLoop().execute(() -> then.accept(snapshot));
              });
    }
  }

  /** The connection under a response: the stream writes to it directly after its first write. */
  private static Connection connectionOf(ServerHttpResponse response) {
    Object connection = ServerHttpResponseDecorator.getNativeResponse(response);
    if (connection instanceof Connection netty) {
      return netty;
    }
    throw new IllegalStateException(
        "The running-executions stream writes to Reactor Netty's channel; not running on it: "
            + connection.getClass().getName());
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
