package dev.pilot.platform.kafka;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;

@AutoConfiguration(after = KafkaAutoConfiguration.class)
public class KafkaClientsAutoConfiguration {

  @Bean
  KafkaClients kafkaClients(KafkaProperties properties) {
    return new KafkaClients(properties);
  }
}
