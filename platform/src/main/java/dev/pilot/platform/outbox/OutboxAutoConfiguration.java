package dev.pilot.platform.outbox;

import dev.pilot.platform.events.EventCodec;
import dev.pilot.platform.kafka.KafkaClients;
import dev.pilot.platform.listen.ListenAutoConfiguration;
import dev.pilot.platform.listen.PgListener;
import dev.pilot.platform.tracing.Traces;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

@AutoConfiguration(
    after = ListenAutoConfiguration.class,
    afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration")
@EnableConfigurationProperties(OutboxProperties.class)
@ConditionalOnBean(DataSource.class)
public class OutboxAutoConfiguration {

  @Bean
  Outbox outbox(
      JdbcClient jdbc,
      EventCodec codec,
      ObjectProvider<Traces> traces,
      ObjectProvider<OutboxRelay> relay) {
    return new Outbox(jdbc, codec, traces.getIfAvailable(() -> Traces.OFF), relay.getIfAvailable());
  }

  @Bean
  @ConditionalOnProperty(name = "pilot.outbox.enabled", matchIfMissing = true)
  OutboxRelay outboxRelay(
      DataSource dataSource,
      OutboxProperties properties,
      KafkaClients kafka,
      @Value("${spring.application.name:pilot}") String application,
      ObjectProvider<MeterRegistry> metrics,
      PgListener notifications) {
    OutboxProperties resolved =
        properties.source() != null
            ? properties
            : new OutboxProperties(
                properties.enabled(),
                properties.batchSize(),
                properties.idlePoll(),
                properties.sendTimeout(),
                "/" + application);
    Map<String, Object> config =
        producerConfig(kafka, application + "-outbox", resolved.sendTimeout());
    return new OutboxRelay(
        dataSource,
        () -> new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()),
        resolved,
        metrics.getIfAvailable(),
        notifications);
  }

  /**
   * Idempotent producer with one request in flight per connection: retries never reorder or
   * duplicate within a partition, and nothing queued behind a failed batch can overtake it.
   * Connection and credentials are the service's {@code spring.kafka.*} ({@link KafkaClients}).
   */
  static Map<String, Object> producerConfig(
      KafkaClients kafka, String clientId, Duration sendTimeout) {
    return kafka.producer(
        Map.ofEntries(
            Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
            Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
            Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
            Map.entry(ProducerConfig.LINGER_MS_CONFIG, 1),
            Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, 65_536),
            Map.entry(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMillis() - 1_000),
            Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000),
            Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000),
            Map.entry(ProducerConfig.CLIENT_ID_CONFIG, clientId)));
  }
}
