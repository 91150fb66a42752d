package dev.pilot.execution.egress;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The policy from configuration; tests put @Primary resolvers and connectors beside these. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EgressProperties.class)
class EgressConfiguration {

  @Bean
  HostResolver hostResolver() {
    return HostResolver.system();
  }

  @Bean
  Connector connector() {
    return Connector.jdk();
  }

  @Bean
  EgressClient egressClient(
      EgressProperties properties, HostResolver resolver, Connector connector) {
    return new EgressClient(
        new EgressPolicy(properties.allowedHosts(), resolver), connector, properties);
  }
}
