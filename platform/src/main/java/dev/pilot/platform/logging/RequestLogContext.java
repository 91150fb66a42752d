package dev.pilot.platform.logging;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every log line written while serving a request names the execution, approval or agent in its
 * path.
 */
final class RequestLogContext extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try (LogContext ignored = LogContext.ofPath(request.getRequestURI())) {
      chain.doFilter(request, response);
    }
  }
}
