package dev.pilot.dashboard.web;

import static org.springframework.security.config.Customizer.withDefaults;

import dev.pilot.dashboard.DashboardProperties;
import dev.pilot.platform.security.LoginThrottle;
import dev.pilot.platform.security.LoginThrottleWebFilter;
import dev.pilot.platform.security.PilotSecurityProperties;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * The platform baseline (everything but health authenticated; HTTP Basic locally, JWT in
 * production) plus CSRF protection for browser writes: a browser resends cached Basic credentials
 * on any cross-site form, so unsafe requests must echo the {@code XSRF-TOKEN} cookie in an {@code
 * X-XSRF-TOKEN} header. Bearer-token requests cannot be forged that way and need no token.
 * Administration ({@code /api/admin/**}, the read-model rebuild) is for administrators only: the
 * users named in {@code pilot.dashboard.admins}, or tokens carrying the {@code pilot.admin} scope.
 */
@Configuration(proxyBeanMethods = false)
class DashboardSecurity {

  /** The gateway's route to approval-service's pages behind notification links. */
  static final String APPROVAL_LINKS = "/approval-links";

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  @Bean
  SecurityWebFilterChain browserSecurity(
      ServerHttpSecurity http,
      PilotSecurityProperties properties,
      ObjectProvider<ReactiveUserDetailsService> users,
      LoginThrottle throttle,
      DashboardProperties dashboard) {
    ServerCsrfTokenRequestAttributeHandler plainToken =
        new ServerCsrfTokenRequestAttributeHandler();
    http.authorizeExchange(
            auth ->
                auth.pathMatchers("/actuator/health", "/actuator/health/**")
                    .permitAll()
                    // Notification links carry their own signed, single-use credential and are
                    // checked by approval-service; no login here.
                    .pathMatchers(APPROVAL_LINKS, APPROVAL_LINKS + "/**")
                    .permitAll()
                    .pathMatchers("/api/admin/**")
                    .access(administrators(dashboard.admins()))
                    .pathMatchers("/actuator/**")
                    .access(operators(properties))
                    .anyExchange()
                    .authenticated())
        .exceptionHandling(
            denied ->
                denied.accessDeniedHandler(
                    forbiddenProblem("This needs the administrator or operator role")))
        .csrf(
            csrf ->
                csrf.csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse())
                    .csrfTokenRequestHandler(plainToken)
                    .requireCsrfProtectionMatcher(unsafeWithoutBearer())
                    .accessDeniedHandler(
                        forbiddenProblem(
                            "The CSRF token is missing or wrong: send the XSRF-TOKEN cookie's"
                                + " value in the X-XSRF-TOKEN header")))
        // Scripts only from this origin: an injected <script> or inline handler does not run.
        // Inline style attributes stay allowed (progress bars set their width).
        .headers(
            headers ->
                headers.contentSecurityPolicy(
                    csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
    if (properties.mode() == PilotSecurityProperties.Mode.JWT) {
      http.oauth2ResourceServer(oauth -> oauth.jwt(withDefaults()));
    } else {
      http.httpBasic(basic -> basic.authenticationManager(demoUsers(users.getObject())))
          .addFilterBefore(
              new LoginThrottleWebFilter(throttle), SecurityWebFiltersOrder.HTTP_BASIC);
    }
    return http.build();
  }

  /**
   * Spring Security 7 BCrypt-encodes a {@code {noop}} password on every successful login to
   * "upgrade" it (about 0.1 s of CPU each): with SSE reconnects and many tabs that dominated the
   * cost of opening a stream. The demo users keep their plain passwords as they are.
   */
  private static ReactiveAuthenticationManager demoUsers(ReactiveUserDetailsService users) {
    PasswordEncoder delegating = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    UserDetailsRepositoryReactiveAuthenticationManager manager =
        new UserDetailsRepositoryReactiveAuthenticationManager(users);
    manager.setPasswordEncoder(
        new PasswordEncoder() {
          @Override
          public String encode(CharSequence raw) {
            return delegating.encode(raw);
          }

          @Override
          public boolean matches(CharSequence raw, String encoded) {
            return delegating.matches(raw, encoded);
          }

          @Override
          public boolean upgradeEncoding(String encoded) {
            return false;
          }
        });
    return manager;
  }

  private static ReactiveAuthorizationManager<AuthorizationContext> administrators(
      List<String> admins) {
    return (authentication, context) ->
        authentication
            .map(
                user ->
                    user.isAuthenticated()
                        && (admins.contains(user.getName())
                            || user.getAuthorities().stream()
                                .map(GrantedAuthority::getAuthority)
                                .anyMatch("SCOPE_pilot.admin"::equals)))
            .defaultIfEmpty(false)
            .map(AuthorizationDecision::new);
  }

  /** Metrics and the other operational endpoints: {@code pilot.security.operators} only. */
  private static ReactiveAuthorizationManager<AuthorizationContext> operators(
      PilotSecurityProperties properties) {
    return (authentication, context) ->
        authentication
            .map(
                user ->
                    user.isAuthenticated()
                        && properties.isOperator(
                            user.getName(),
                            user.getAuthorities().stream()
                                .map(GrantedAuthority::getAuthority)
                                .toList()))
            .defaultIfEmpty(false)
            .map(AuthorizationDecision::new);
  }

  /** Refusals answer application/problem+json like every other error of the API. */
  private static ServerAccessDeniedHandler forbiddenProblem(String detail) {
    return (exchange, denied) -> {
      var response = exchange.getResponse();
      response.setStatusCode(HttpStatus.FORBIDDEN);
      response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
      String path = exchange.getRequest().getPath().value();
      byte[] body =
          ("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                  + "\"detail\":\""
                  + detail
                  + "\",\"instance\":\""
                  + path.replace("\"", "")
                  + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    };
  }

  /** Makes the token cookie appear on every response, so pages' scripts can read it. */
  @Bean
  WebFilter csrfCookieFilter() {
    return (exchange, chain) -> {
      Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
      return token == null
          ? chain.filter(exchange)
          : token.then(chain.filter(exchange)).onErrorResume(e -> chain.filter(exchange));
    };
  }

  private static ServerWebExchangeMatcher unsafeWithoutBearer() {
    return exchange -> {
      HttpMethod method = exchange.getRequest().getMethod();
      boolean safe =
          method == HttpMethod.GET
              || method == HttpMethod.HEAD
              || method == HttpMethod.OPTIONS
              || method == HttpMethod.TRACE;
      String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
      boolean bearer =
          authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
      // A link's form carries the signed token itself: a forged cross-site post has none to send.
      boolean link = exchange.getRequest().getPath().value().startsWith(APPROVAL_LINKS);
      return safe || bearer || link
          ? ServerWebExchangeMatcher.MatchResult.notMatch()
          : ServerWebExchangeMatcher.MatchResult.match();
    };
  }
}
