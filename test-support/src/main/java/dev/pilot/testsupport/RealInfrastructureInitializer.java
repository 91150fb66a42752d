package dev.pilot.testsupport;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Gives each test context the shared broker and its own database, so contexts never share rows. */
public class RealInfrastructureInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  private static final AtomicInteger contexts = new AtomicInteger();

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    Infrastructure infrastructure = Infrastructure.get();
    String database = "test_" + ProcessHandle.current().pid() + "_" + contexts.incrementAndGet();
    TestPropertyValues.of(
            "spring.datasource.url=" + infrastructure.jdbcUrl(database),
            "spring.datasource.username=" + infrastructure.postgresUser(),
            "spring.datasource.password=" + infrastructure.postgresPassword(),
            "spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
            "spring.cloud.stream.kafka.binder.brokers=" + infrastructure.kafkaBootstrapServers())
        .applyTo(context);
  }
}
