package dev.pilot.platform.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** {@link Traces}: over Boot's tracer when tracing is on ({@link TracingEnvironment}), else off. */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure"
          + ".OpenTelemetryTracingAutoConfiguration",
      "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration"
    })
public class TracingAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Traces traces(
      Environment environment,
      ObjectProvider<Tracer> tracer,
      ObjectProvider<Propagator> propagator) {
    Tracer t = tracer.getIfUnique();
    Propagator p = propagator.getIfUnique();
    if (!TracingEnvironment.on(environment) || t == null || t == Tracer.NOOP || p == null) {
      return Traces.OFF;
    }
    return new MicrometerTraces(t, p);
  }
}
