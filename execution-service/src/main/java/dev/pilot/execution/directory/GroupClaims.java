package dev.pilot.execution.directory;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Learns approver groups from the {@code groups} claim of each JWT-authenticated request (prod).
 * The directory is written only when a user's claim differs from what this instance saw last, so a
 * steady stream of requests costs no writes.
 */
@Configuration(proxyBeanMethods = false)
class GroupClaims implements WebMvcConfigurer, HandlerInterceptor {

  static final String CLAIM = "groups";

  private final GroupDirectory directory;
  private final Map<String, List<String>> lastSeen = new ConcurrentHashMap<>();

  GroupClaims(GroupDirectory directory) {
    this.directory = directory;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/api/**");
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (request.getUserPrincipal() instanceof JwtAuthenticationToken token
        && token.getToken().hasClaim(CLAIM)) {
      List<String> groups = token.getToken().getClaimAsStringList(CLAIM);
      String user = token.getName();
      if (groups != null && !groups.equals(lastSeen.get(user))) {
        directory.learn(user, groups);
        lastSeen.put(user, List.copyOf(groups));
      }
    }
    return true;
  }
}
