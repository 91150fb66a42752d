package dev.pilot.dashboard.gateway;

import dev.pilot.dashboard.DashboardProperties;
import dev.pilot.platform.tracing.Traces;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Forwards a browser request to the service that owns it: same method, path, query, body and
 * caller's Authorization; the answer comes back with its status, content type and body
 * (problem+json included), streamed without a size limit. An unreachable service answers 502
 * problem+json.
 *
 * <p>With tracing on, each forward is a client span of the browser request's server span and
 * carries its W3C {@code traceparent}, so the service's own server span joins the same trace. With
 * tracing off the client is not observed at all: no span, no header, no timer.
 */
@Component
class Gateway {

  private static final List<String> REQUEST_HEADERS =
      List.of(
          HttpHeaders.AUTHORIZATION,
          HttpHeaders.CONTENT_TYPE,
          HttpHeaders.ACCEPT,
          HttpHeaders.ACCEPT_LANGUAGE,
          "Idempotency-Key");
  private static final List<String> RESPONSE_HEADERS =
      List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER);

  private final WebClient client;
  private final DashboardProperties properties;

  Gateway(
      DashboardProperties properties,
      Traces traces,
      ObjectProvider<ObservationRegistry> observations) {
    WebClient.Builder builder = WebClient.builder();
    if (traces.enabled()) {
      // The server's observation reaches the client through the Reactor context; the registry's
      // tracing handler makes the forward its child span and writes the traceparent header.
      observations.ifAvailable(builder::observationRegistry);
    }
    this.client = builder.build();
    this.properties = properties;
  }

  Mono<ServerResponse> toExecutions(ServerRequest request) {
    return forward(request, properties.executionServiceUrl());
  }

  Mono<ServerResponse> toApprovals(ServerRequest request) {
    return forward(request, properties.approvalServiceUrl());
  }

  private Mono<ServerResponse> forward(ServerRequest request, URI service) {
    ServerHttpRequest original = request.exchange().getRequest();
    URI target =
        UriComponentsBuilder.fromUri(service)
            .replacePath(original.getURI().getRawPath())
            .replaceQuery(original.getURI().getRawQuery())
            .build(true)
            .toUri();
    return client
        .method(original.getMethod())
        .uri(target)
        .headers(
            headers ->
                REQUEST_HEADERS.forEach(
                    name -> {
                      List<String> values = original.getHeaders().get(name);
                      if (values != null) {
                        headers.addAll(name, values);
                      }
                    }))
        .body(BodyInserters.fromDataBuffers(original.getBody()))
        // The answer streams through as it arrives: no buffer to outgrow, so a large answer (a
        // long agent list, a create that succeeded) reaches the caller instead of a 502.
        .retrieve()
        .onStatus(status -> true, error -> Mono.empty()) // every status passes through as it is
        .toEntityFlux(DataBuffer.class)
        .flatMap(
            upstream ->
                ServerResponse.status(upstream.getStatusCode())
                    .headers(headers -> copy(upstream.getHeaders(), headers))
                    .body(BodyInserters.fromDataBuffers(upstream.getBody())))
        .onErrorResume(
            e -> !(e instanceof org.springframework.web.server.ResponseStatusException),
            e -> unavailable(service));
  }

  private static void copy(HttpHeaders from, HttpHeaders to) {
    RESPONSE_HEADERS.forEach(
        name -> {
          List<String> values = from.get(name);
          if (values != null) {
            to.addAll(name, values);
          }
        });
  }

  private static Mono<ServerResponse> unavailable(URI service) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_GATEWAY, "The service behind the dashboard did not answer");
    problem.setType(URI.create("https://pilot.dev/problems/bad-gateway"));
    problem.setTitle("Bad gateway");
    return ServerResponse.status(HttpStatus.BAD_GATEWAY)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyValue(problem);
  }
}
