package dev.pilot.platform.metrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
public class MetricsAutoConfiguration {

  @Bean
  @ConditionalOnBean(JdbcClient.class)
  @ConditionalOnProperty(name = "pilot.outbox.enabled", matchIfMissing = true)
  OutboxMetrics outboxMetrics(JdbcClient jdbc) {
    return new OutboxMetrics(jdbc);
  }
}
