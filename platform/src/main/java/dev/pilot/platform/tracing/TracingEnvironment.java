package dev.pilot.platform.tracing;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Tracing is on exactly when {@code OTEL_EXPORTER_OTLP_ENDPOINT} (the OpenTelemetry SDK's own
 * variable: the collector's base URL, e.g. {@code http://otel-collector:4318}) is set.
 *
 * <p>On: spans go over OTLP/HTTP to {@code <endpoint>/v1/traces}, every trace sampled (an
 * execution's trace is only useful whole; {@code management.tracing.sampling.probability} lowers
 * it, and the choice made where a trace starts holds for all of it).
 *
 * <p>Off: Boot's tracing auto-configurations are excluded, so no tracer, no span, no observation
 * handler exists; Micrometer's no-op tracer stands in and {@link Traces#OFF} makes the outbox and
 * the consumers skip every trace step. Anything set explicitly (properties, {@code MANAGEMENT_*}
 * variables) wins over these defaults.
 */
public class TracingEnvironment implements EnvironmentPostProcessor, Ordered {

  public static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

  static final String[] TRACING_AUTO_CONFIGURATIONS = {
    "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure"
        + ".OpenTelemetryTracingAutoConfiguration",
    "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp"
        + ".OtlpTracingAutoConfiguration",
    "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration"
  };

  /** Whether this environment traces. */
  public static boolean on(Environment environment) {
    String endpoint = environment.getProperty(ENDPOINT);
    return endpoint != null && !endpoint.isBlank();
  }

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> defaults = new HashMap<>();
    if (on(environment)) {
      String base = environment.getProperty(ENDPOINT).strip().replaceAll("/+$", "");
      defaults.put("management.opentelemetry.tracing.export.otlp.endpoint", base + "/v1/traces");
      defaults.put("management.tracing.sampling.probability", "1.0");
    } else {
      // Also what Boot's log pattern asks before padding every line for trace and span ids.
      defaults.put("management.tracing.export.enabled", "false");
      String excluded = environment.getProperty("spring.autoconfigure.exclude", "");
      defaults.put(
          "spring.autoconfigure.exclude",
          (excluded.isBlank() ? "" : excluded + ",")
              + String.join(",", TRACING_AUTO_CONFIGURATIONS));
    }
    // Last: below every property and variable the operator set.
    environment.getPropertySources().addLast(new MapPropertySource("pilotTracing", defaults));
  }

  @Override
  public int getOrder() {
    return ConfigDataEnvironmentPostProcessor.ORDER + 1;
  }
}
