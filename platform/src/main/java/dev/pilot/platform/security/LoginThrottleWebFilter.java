package dev.pilot.platform.security;

import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** {@link LoginThrottle} in a reactive security chain, in front of HTTP Basic. */
public final class LoginThrottleWebFilter implements WebFilter {

  private final LoginThrottle throttle;

  public LoginThrottleWebFilter(LoginThrottle throttle) {
    this.throttle = throttle;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    Optional<String> user =
        LoginThrottle.basicUser(
            exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
    if (user.isEmpty()) {
      return chain.filter(exchange);
    }
    ServerHttpResponse response = exchange.getResponse();
    Optional<Duration> wait = throttle.waitFor(user.get());
    if (wait.isPresent()) {
      response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
      response
          .getHeaders()
          .set(HttpHeaders.RETRY_AFTER, String.valueOf(LoginThrottle.seconds(wait.get())));
      response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
      return response.writeWith(
          Mono.just(response.bufferFactory().wrap(LoginThrottle.problem(wait.get()))));
    }
    // The outcome is known when the response commits (an SSE stream commits long before it ends).
    response.beforeCommit(
        () -> {
          if (response.getStatusCode() == HttpStatus.UNAUTHORIZED) {
            throttle.failed(user.get());
          } else {
            throttle.succeeded(user.get());
          }
          return Mono.empty();
        });
    return chain.filter(exchange);
  }
}
