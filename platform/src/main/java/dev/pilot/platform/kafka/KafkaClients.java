package dev.pilot.platform.kafka;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * The settings of a Kafka client a service builds by hand (the outbox relay's producer, dead-letter
 * producers, the dashboard's rebuild consumer): Spring Boot's {@code spring.kafka.*}, as the
 * binder's clients get them, so bootstrap servers and SASL/TLS credentials are configured in one
 * place. The caller's own settings come on top.
 */
public final class KafkaClients {

  private final KafkaProperties properties;

  public KafkaClients(KafkaProperties properties) {
    this.properties = properties;
  }

  public Map<String, Object> producer(Map<String, ?> settings) {
    return merged(properties.buildProducerProperties(), settings);
  }

  public Map<String, Object> consumer(Map<String, ?> settings) {
    return merged(properties.buildConsumerProperties(), settings);
  }

  public Map<String, Object> admin(Map<String, ?> settings) {
    return merged(properties.buildAdminProperties(), settings);
  }

  private static Map<String, Object> merged(Map<String, Object> base, Map<String, ?> settings) {
    Map<String, Object> config = new HashMap<>(base);
    config.putAll(settings);
    return config;
  }
}
