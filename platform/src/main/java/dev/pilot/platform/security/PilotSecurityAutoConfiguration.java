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
   * Requests stay observed as a whole (the HTTP server observation), and so do authentications and
   * authorizations.
   */
  @Bean
  @ConditionalOnMissingBean
  SecurityObservationSettings securityObservationSettings() {
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

  /** Demo users with a plain-text password: local profile and tests only, never production. */
  static List<UserDetails> demoUsers(PilotSecurityProperties properties) {
    String password = properties.password() == null ? "demo" : properties.password();
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
          // Stateless API: credentials on every request, no session cookie to forge requests with.
          .csrf(csrf -> csrf.disable())
          .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
      if (properties.mode() == PilotSecurityProperties.Mode.JWT) {
        http.oauth2ResourceServer(oauth -> oauth.jwt(withDefaults()));
      } else {
        http.httpBasic(withDefaults())
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
      // A plain UserDetailsService: a password service would re-encode {noop} to bcrypt on first
      // login and make every later request pay for a bcrypt check.
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
