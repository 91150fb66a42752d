package dev.pilot.systemtests;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A real OTLP/HTTP receiver on loopback, as an OpenTelemetry Collector would be: it takes {@code
 * POST /v1/traces} with an {@code ExportTraceServiceRequest} (protobuf, as the services' SDK
 * exporter sends it), decodes it with the OTLP protobuf classes and keeps the spans for tests. Gzip
 * is not supported (the services export uncompressed unless told otherwise).
 */
public final class OtlpCollector implements AutoCloseable {

  /** A received span, ids in lowercase hex as in a {@code traceparent}. */
  public record ReceivedSpan(
      String service,
      String name,
      String kind,
      String traceId,
      String spanId,
      String parentSpanId,
      List<String> linkedSpanIds,
      Map<String, String> attributes) {

    public boolean isRoot() {
      return parentSpanId.isEmpty();
    }
  }

  private static final int MAX_SPANS = 500_000;
  private static final HexFormat HEX = HexFormat.of();

  private final HttpServer server;
  private final List<ReceivedSpan> spans = new ArrayList<>();

  private OtlpCollector(HttpServer server) {
    this.server = server;
  }

  public static OtlpCollector start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      OtlpCollector collector = new OtlpCollector(server);
      server.createContext("/v1/traces", collector::receive);
      server.setExecutor(Executors.newSingleThreadExecutor());
      server.start();
      return collector;
    } catch (IOException e) {
      throw new IllegalStateException("Could not start the OTLP collector", e);
    }
  }

  /** What to set as {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<ReceivedSpan> spans() {
    synchronized (spans) {
      return List.copyOf(spans);
    }
  }

  /** Every span of one trace. */
  public List<ReceivedSpan> trace(String traceId) {
    return spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream body = exchange.getRequestBody()) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      ExportTraceServiceRequest request;
      try {
        request = ExportTraceServiceRequest.parseFrom(body);
      } catch (IOException malformed) {
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      keep(request);
      byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
    }
  }

  private void keep(ExportTraceServiceRequest request) {
    List<ReceivedSpan> received = new ArrayList<>();
    for (ResourceSpans resource : request.getResourceSpansList()) {
      String service =
          attributes(resource.getResource().getAttributesList()).getOrDefault("service.name", "");
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        for (Span span : scope.getSpansList()) {
          received.add(
              new ReceivedSpan(
                  service,
                  span.getName(),
                  span.getKind().name(),
                  hex(span.getTraceId()),
                  hex(span.getSpanId()),
                  hex(span.getParentSpanId()),
                  span.getLinksList().stream().map(link -> hex(link.getSpanId())).toList(),
                  attributes(span.getAttributesList())));
        }
      }
    }
    synchronized (spans) {
      if (spans.size() + received.size() <= MAX_SPANS) {
        spans.addAll(received);
      }
    }
  }

  private static Map<String, String> attributes(List<KeyValue> values) {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (KeyValue value : values) {
      attributes.put(value.getKey(), value.getValue().getStringValue());
    }
    return attributes;
  }

  private static String hex(ByteString bytes) {
    return HEX.formatHex(bytes.toByteArray());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
