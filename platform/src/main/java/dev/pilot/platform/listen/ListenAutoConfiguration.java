package dev.pilot.platform.listen;

import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The service's one listening connection, which every feature that waits for NOTIFY shares. */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration")
@ConditionalOnBean(DataSource.class)
public class ListenAutoConfiguration {

  /** After a lost connection, the listener tries again this much later. */
  private static final Duration RETRY = Duration.ofMillis(500);

  @Bean
  @ConditionalOnMissingBean
  PgListener pgListener(DataSource dataSource) {
    return new PgListener("pg-listener", dataSource, RETRY);
  }
}
