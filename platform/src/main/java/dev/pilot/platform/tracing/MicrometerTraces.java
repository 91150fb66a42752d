package dev.pilot.platform.tracing;

import dev.pilot.contracts.CloudEventHeaders;
import dev.pilot.platform.events.BatchRecords;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.messaging.Message;

/** {@link Traces} over Micrometer Tracing (the OpenTelemetry bridge in the services). */
final class MicrometerTraces implements Traces {

  public static final String TRACEPARENT = CloudEventHeaders.TRACEPARENT;
  private static final Pattern VALID =
      Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

  private final Tracer tracer;
  private final Propagator propagator;

  MicrometerTraces(Tracer tracer, Propagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public String current() {
    Span span = tracer.currentSpan();
    return span == null ? null : traceparent(span.context());
  }

  static String traceparent(TraceContext context) {
    return "00-"
        + context.traceId()
        + "-"
        + context.spanId()
        + (Boolean.TRUE.equals(context.sampled()) ? "-01" : "-00");
  }

  static boolean valid(String traceparent) {
    return traceparent != null && VALID.matcher(traceparent).matches();
  }

  @Override
  public TraceScope continueTrace(String traceparent, String name) {
    return inScope(start(traceparent, name, null));
  }

  @Override
  public TraceScope continueTrace(Supplier<String> traceparent, String name) {
    return continueTrace(traceparent.get(), name);
  }

  @Override
  public TraceScope consuming(String traceparent, String name) {
    return inScope(start(traceparent, name, Span.Kind.CONSUMER));
  }

  private Span start(String traceparent, String name, Span.Kind kind) {
    Span before = tracer.currentSpan();
    Span.Builder builder =
        valid(traceparent)
            ? propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get)
            : tracer.spanBuilder().setNoParent();
    builder.name(name);
    if (kind != null) { // null: an internal span
      builder.kind(kind);
    }
    if (before != null
        && (traceparent == null || !traceparent.contains(before.context().traceId()))) {
      builder.addLink(new Link(before.context()));
    }
    return builder.start();
  }

  private TraceScope inScope(Span span) {
    Tracer.SpanInScope scope = tracer.withSpan(span);
    return new Single(span, scope);
  }

  @Override
  public RecordTraces of(Message<List<byte[]>> batch) {
    Map<UUID, String> byEvent = new HashMap<>();
    for (int i = 0; i < batch.getPayload().size(); i++) {
      String traceparent = BatchRecords.traceparent(batch, i).orElse(null);
      if (traceparent != null) {
        int index = i;
        BatchRecords.eventId(batch, index).ifPresent(id -> byEvent.put(id, traceparent));
      }
    }
    return byEvent::get;
  }

  @Override
  public TraceScope spanPerRecord(Message<List<byte[]>> batch, String name) {
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < batch.getPayload().size(); i++) {
      String traceparent = BatchRecords.traceparent(batch, i).orElse(null);
      if (valid(traceparent)) {
        Span span =
            propagator
                .extract(Map.of(TRACEPARENT, traceparent), Map::get)
                .name(name + " " + BatchRecords.eventType(batch, i).orElse("event"))
                .kind(Span.Kind.CONSUMER)
                .start();
        BatchRecords.header(batch, i, CloudEventHeaders.SUBJECT)
            .ifPresent(id -> span.tag("pilot.execution_id", id));
        spans.add(span);
      }
    }
    return new Several(spans);
  }

  private record Single(Span span, Tracer.SpanInScope scope) implements TraceScope {
    @Override
    public TraceScope tag(String key, Object value) {
      if (value != null) {
        span.tag(key, value.toString());
      }
      return this;
    }

    @Override
    public void failed(Throwable error) {
      span.error(error);
    }

    @Override
    public void close() {
      scope.close();
      span.end();
    }
  }

  private record Several(List<Span> spans) implements TraceScope {
    @Override
    public TraceScope tag(String key, Object value) {
      if (value != null) {
        spans.forEach(span -> span.tag(key, value.toString()));
      }
      return this;
    }

    @Override
    public void failed(Throwable error) {
      spans.forEach(span -> span.error(error));
    }

    @Override
    public void close() {
      spans.forEach(Span::end);
    }
  }
}
