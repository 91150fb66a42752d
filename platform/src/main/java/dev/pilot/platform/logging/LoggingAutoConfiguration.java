package dev.pilot.platform.logging;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class LoggingAutoConfiguration {

  @Bean
  FilterRegistrationBean<RequestLogContext> requestLogContext() {
    FilterRegistrationBean<RequestLogContext> registration =
        new FilterRegistrationBean<>(new RequestLogContext());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }
}
