package dev.pilot.platform.inbox;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration")
public class InboxAutoConfiguration {

  @Bean
  @ConditionalOnBean(JdbcClient.class)
  Inbox inbox(JdbcClient jdbc) {
    return new Inbox(jdbc);
  }
}
