package dev.pilot.platform.outbox;

import dev.pilot.platform.events.EventCodec;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration")
@EnableConfigurationProperties(OutboxProperties.class)
@ConditionalOnBean(DataSource.class)
public class OutboxAutoConfiguration {

  @Bean
  Outbox outbox(JdbcClient jdbc, EventCodec codec) {
    return new Outbox(jdbc, codec);
  }

  @Bean
  @ConditionalOnProperty(name = "pilot.outbox.enabled", matchIfMissing = true)
  OutboxRelay outboxRelay(
      DataSource dataSource,
      OutboxProperties properties,
      @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers,
      @Value("${spring.application.name:pilot}") String application) {
    OutboxProperties resolved =
        properties.source() != null
            ? properties
            : new OutboxProperties(
                properties.enabled(),
                properties.batchSize(),
                properties.idlePoll(),
                properties.sendTimeout(),
                "/" + application);
    // Idempotent producer: retries never reorder or duplicate within a partition.
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            1,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            (int) resolved.sendTimeout().toMillis() - 1_000,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            5_000,
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            5_000,
            ProducerConfig.CLIENT_ID_CONFIG,
            application + "-outbox");
    return new OutboxRelay(
        dataSource,
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()),
        resolved);
  }
}
