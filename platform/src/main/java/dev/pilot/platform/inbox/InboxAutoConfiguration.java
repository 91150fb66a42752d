package dev.pilot.platform.inbox;

import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration")
@EnableConfigurationProperties(InboxProperties.class)
public class InboxAutoConfiguration {

  @Bean
  @ConditionalOnBean(JdbcClient.class)
  Inbox inbox(JdbcClient jdbc) {
    return new Inbox(jdbc);
  }

  /** Keeps {@code processed_events} from growing forever (see {@link InboxProperties}). */
  @Bean
  @ConditionalOnBean(JdbcClient.class)
  @ConditionalOnProperty(name = "pilot.inbox.pruning", matchIfMissing = true)
  InboxPruning inboxPruning(JdbcClient jdbc, InboxProperties properties) {
    return new InboxPruning(jdbc, properties, Clock.systemUTC());
  }
}
