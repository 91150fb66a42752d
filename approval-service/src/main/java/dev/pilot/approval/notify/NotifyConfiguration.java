package dev.pilot.approval.notify;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotifyProperties.class)
class NotifyConfiguration {

  @Bean
  LinkTokens linkTokens(NotifyProperties properties) {
    return LinkTokens.of(properties.linkSecret());
  }
}
