package dev.pilot.platform.kafka;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_USERNAME}, {@code KAFKA_SASL_PASSWORD}
 * (and {@code KAFKA_SASL_MECHANISM}, SCRAM-SHA-512 unless set) into Spring Boot's {@code
 * spring.kafka.security.protocol} and {@code spring.kafka.properties.sasl.*}. Everything reads
 * those: the Spring Cloud Stream binder's consumers and topic provisioning, Boot's admin, and the
 * clients built by hand through {@link KafkaClients}. So credentials are given once, and no client
 * can be left unauthenticated.
 *
 * <p>The derived values have the lowest precedence: an explicit {@code spring.kafka.*} setting
 * wins. A protocol that needs credentials without them, or credentials that a PLAINTEXT or SSL
 * connection would never send, stop the service at start rather than fail at the first send.
 */
public class KafkaSecurityEnvironment implements EnvironmentPostProcessor {

  static final String SOURCE = "pilotKafkaSecurity";

  private static final Set<String> PROTOCOLS =
      Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

  private static final Map<String, String> LOGIN_MODULES =
      Map.of(
          "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule",
          "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
          "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule");

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication app) {
    Map<String, Object> derived = derive(environment::getProperty);
    if (!derived.isEmpty()) {
      environment.getPropertySources().remove(SOURCE);
      environment.getPropertySources().addLast(new MapPropertySource(SOURCE, derived));
    }
  }

  /** The {@code spring.kafka.*} properties the {@code KAFKA_*} settings stand for. */
  static Map<String, Object> derive(UnaryOperator<String> settings) {
    Map<String, Object> derived = new LinkedHashMap<>();
    String protocol = upper(text(settings.apply("KAFKA_SECURITY_PROTOCOL")));
    if (protocol != null) {
      if (!PROTOCOLS.contains(protocol)) {
        throw new IllegalStateException(
            "KAFKA_SECURITY_PROTOCOL must be one of " + PROTOCOLS + ", not " + protocol);
      }
      derived.put("spring.kafka.security.protocol", protocol);
    }
    String effective =
        protocol != null ? protocol : upper(text(settings.apply("spring.kafka.security.protocol")));
    boolean sasl = effective != null && effective.startsWith("SASL_");
    String username = text(settings.apply("KAFKA_SASL_USERNAME"));
    String password = settings.apply("KAFKA_SASL_PASSWORD");
    if (username == null) {
      if (sasl && settings.apply("spring.kafka.properties.sasl.jaas.config") == null) {
        throw new IllegalStateException(
            effective + " needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD");
      }
      return derived;
    }
    if (!sasl) {
      throw new IllegalStateException(
          "KAFKA_SASL_USERNAME is set but the Kafka security protocol is "
              + (effective == null ? "PLAINTEXT" : effective)
              + ": set KAFKA_SECURITY_PROTOCOL to SASL_SSL (or SASL_PLAINTEXT)");
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalStateException("KAFKA_SASL_USERNAME is set without KAFKA_SASL_PASSWORD");
    }
    String mechanism = upper(text(settings.apply("KAFKA_SASL_MECHANISM")));
    mechanism = mechanism == null ? "SCRAM-SHA-512" : mechanism;
    String module = LOGIN_MODULES.get(mechanism);
    if (module == null) {
      throw new IllegalStateException(
          "KAFKA_SASL_MECHANISM must be one of " + LOGIN_MODULES.keySet() + ", not " + mechanism);
    }
    derived.put("spring.kafka.properties.sasl.mechanism", mechanism);
    derived.put(
        "spring.kafka.properties.sasl.jaas.config",
        module
            + " required username=\""
            + quoted(username)
            + "\" password=\""
            + quoted(password)
            + "\";");
    return derived;
  }

  /** JAAS values are double-quoted strings with backslash escapes. */
  private static String quoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String text(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static String upper(String value) {
    return value == null ? null : value.toUpperCase(Locale.ROOT);
  }
}
