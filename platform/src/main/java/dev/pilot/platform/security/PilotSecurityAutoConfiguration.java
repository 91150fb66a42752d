package dev.pilot.platform.security;

import static org.springframework.security.config.Customizer.withDefaults;

import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.server.SecurityWebFilterChain;

@AutoConfiguration(
    beforeName = {
      "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
      "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration"
    })
@EnableConfigurationProperties(PilotSecurityProperties.class)
public class PilotSecurityAutoConfiguration {

  static final String[] PUBLIC = {"/actuator/health", "/actuator/health/**"};

  static final String OBSERVATIONS_ENABLED = "management.observations.enable.spring.security";

  /** One per application: failed logins counted across its requests. */
  @Bean
  @ConditionalOnMissingBean
  LoginThrottle loginThrottle() {
    return new LoginThrottle(Clock.systemUTC());
  }

  /**
   * No observation per security filter: with an observation registry present Spring Security wraps
   * each of the chain's filters in one (start, scope, stop, for every request), which was several
   * percent of execution-service's and approval-service's CPU samples in the throughput benchmark.
   * Requests stay observed as a whole (the HTTP server observation). Authentications and
   * authorizations are observed unless {@code management.observations.enable.spring.security} is
   * false: then every observation would be a no-op, yet its wrapper still built a context for each
   * request.
   */
  @Bean
  @ConditionalOnMissingBean
  SecurityObservationSettings securityObservationSettings(Environment environment) {
    if (!environment.getProperty(OBSERVATIONS_ENABLED, Boolean.class, true)) {
      return SecurityObservationSettings.noObservations();
    }
    return SecurityObservationSettings.withDefaults().shouldObserveRequests(false).build();
  }

  /** Metrics and the other operational endpoints are for operators, not every user. */
  static boolean operator(Authentication user, PilotSecurityProperties properties) {
    return user != null
        && user.isAuthenticated()
        && properties.isOperator(
            user.getName(),
            user.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
  }

  /** The demo users' logins, checked on every request of the servlet API. */
  static DemoLogins demoLogins(PilotSecurityProperties properties) {
    return new DemoLogins(properties.users(), demoPassword(properties));
  }

  private static String demoPassword(PilotSecurityProperties properties) {
    return properties.password() == null ? "demo" : properties.password();
  }

  /** Demo users with a plain-text password: local profile and tests only, never production. */
  static List<UserDetails> demoUsers(PilotSecurityProperties properties) {
    String password = demoPassword(properties);
    return properties.users().stream()
        .map(name -> User.withUsername(name).password("{noop}" + password).roles("USER").build())
        .toList();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  static class Servlet {

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain apiSecurity(
        HttpSecurity http,
        PilotSecurityProperties properties,
        LoginThrottle throttle,
        ObjectProvider<PublicPaths> publicPaths)
        throws Exception {
      String[] permitted =
          Stream.concat(
                  Stream.of(PUBLIC),
                  publicPaths.orderedStream().flatMap(paths -> paths.patterns().stream()))
              .toArray(String[]::new);
      http.authorizeHttpRequests(
              auth ->
                  auth.requestMatchers(permitted)
                      .permitAll()
                      .requestMatchers("/actuator/**")
                      .access(
                          (authentication, context) ->
                              new AuthorizationDecision(operator(authentication.get(), properties)))
                      .anyRequest()
                      .authenticated())
          // Stateless API: credentials on every request, no session cookie to forge requests with;
          // so no session to log out of and no request to save for after a login page: both
          // filters only cost every request.
          .csrf(csrf -> csrf.disable())
          .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
          .logout(logout -> logout.disable())
          .requestCache(cache -> cache.disable());
      if (properties.mode() == PilotSecurityProperties.Mode.JWT) {
        http.oauth2ResourceServer(oauth -> oauth.jwt(withDefaults()));
      } else {
        http.httpBasic(withDefaults())
            .authenticationManager(demoLogins(properties))
            .addFilterBefore(new LoginThrottleFilter(throttle), BasicAuthenticationFilter.class);
      }
      return http.build();
    }

    @Bean
    @ConditionalOnProperty(
        name = "pilot.security.mode",
        havingValue = "basic",
        matchIfMissing = true)
    UserDetailsService demoUserDetails(PilotSecurityProperties properties) {
      // The API's logins go through DemoLogins; this store of the same users keeps Boot from
      // making its own default user. A plain UserDetailsService: a password service would
      // re-encode {noop} to bcrypt on first login.
      return new InMemoryUserDetailsManager(demoUsers(properties))::loadUserByUsername;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  static class Reactive {

    @Bean
    @ConditionalOnMissingBean(SecurityWebFilterChain.class)
    SecurityWebFilterChain apiSecurity(
        ServerHttpSecurity http, PilotSecurityProperties properties, LoginThrottle throttle) {
      http.authorizeExchange(
              auth ->
                  auth.pathMatchers(PUBLIC)
                      .permitAll()
                      .pathMatchers("/actuator/**")
                      .access(
                          (authentication, context) ->
                              authentication
                                  .map(user -> operator(user, properties))
                                  .defaultIfEmpty(false)
                                  .map(AuthorizationDecision::new))
                      .anyExchange()
                      .authenticated())
          .csrf(csrf -> csrf.disable());
      if (properties.mode() == PilotSecurityProperties.Mode.JWT) {
        http.oauth2ResourceServer(oauth -> oauth.jwt(withDefaults()));
      } else {
        http.httpBasic(withDefaults())
            .addFilterBefore(
                new LoginThrottleWebFilter(throttle), SecurityWebFiltersOrder.HTTP_BASIC);
      }
      return http.build();
    }

    @Bean
    @ConditionalOnProperty(
        name = "pilot.security.mode",
        havingValue = "basic",
        matchIfMissing = true)
    ReactiveUserDetailsService demoUserDetails(PilotSecurityProperties properties) {
      List<UserDetails> users = demoUsers(properties);
      MapReactiveUserDetailsService map =
          users.isEmpty()
              ? new MapReactiveUserDetailsService(
                  User.withUsername("nobody")
                      .password("{noop}" + java.util.UUID.randomUUID())
                      .build())
              : new MapReactiveUserDetailsService(users);
      // Not a password service: no bcrypt upgrade of {noop} passwords (see the servlet bean).
      return map::findByUsername;
    }
  }
}
