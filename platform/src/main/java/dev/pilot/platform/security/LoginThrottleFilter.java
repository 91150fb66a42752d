package dev.pilot.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/** {@link LoginThrottle} in a servlet security chain, in front of HTTP Basic. */
final class LoginThrottleFilter extends OncePerRequestFilter {

  private final LoginThrottle throttle;

  LoginThrottleFilter(LoginThrottle throttle) {
    this.throttle = throttle;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<String> user = LoginThrottle.basicUser(request.getHeader(HttpHeaders.AUTHORIZATION));
    if (user.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    Optional<Duration> wait = throttle.waitFor(user.get());
    if (wait.isPresent()) {
      response.setStatus(429);
      response.setHeader(
          HttpHeaders.RETRY_AFTER, String.valueOf(LoginThrottle.seconds(wait.get())));
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.getOutputStream().write(LoginThrottle.problem(wait.get()));
      return;
    }
    chain.doFilter(request, response);
    if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
      throttle.failed(user.get());
    } else {
      throttle.succeeded(user.get());
    }
  }
}
