package dev.pilot.dashboard.stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code pilot_sse_clients}: the browsers this instance is streaming to right now. */
@Configuration(proxyBeanMethods = false)
class StreamMetrics {

  @Bean
  MeterBinder sseClients(ChangeHub hub) {
    return registry ->
        Gauge.builder("pilot.sse.clients", hub, ChangeHub::subscribers)
            .description("Server-sent event streams open on this instance")
            .register(registry);
  }
}
