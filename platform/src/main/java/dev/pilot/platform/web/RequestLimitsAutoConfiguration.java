package dev.pilot.platform.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.Ordered;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds on what a request may carry: a body size cap (413 problem+json) and Jackson's stream read
 * limits on the mapper Spring reads request bodies with (Jackson's own defaults allow strings of
 * many megabytes and deep nesting).
 */
@AutoConfiguration(
    beforeName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@EnableConfigurationProperties(RequestLimitsProperties.class)
public class RequestLimitsAutoConfiguration {

  /** Boot's builder (every customizer applied) on a factory with the read limits set. */
  @Bean
  @Scope("prototype")
  JsonMapper.Builder jsonMapperBuilder(
      ObjectProvider<JsonMapperBuilderCustomizer> customizers, RequestLimitsProperties limits) {
    JsonFactory factory =
        JsonFactory.builder().streamReadConstraints(readConstraints(limits)).build();
    JsonMapper.Builder builder = JsonMapper.builder(factory);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder;
  }

  static StreamReadConstraints readConstraints(RequestLimitsProperties limits) {
    return StreamReadConstraints.builder()
        .maxDocumentLength(limits.maxBody().toBytes())
        .maxStringLength(limits.maxJsonString())
        .maxNestingDepth(limits.maxJsonDepth())
        .maxNameLength(1_000)
        .maxNumberLength(100)
        .build();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  static class Servlet {

    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(RequestLimitsProperties limits) {
      FilterRegistrationBean<RequestBodyLimit> registration =
          new FilterRegistrationBean<>(new RequestBodyLimit(limits.maxBody().toBytes()));
      // Before security and everything else: nothing reads a body the service will not take.
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
      return registration;
    }
  }
}
