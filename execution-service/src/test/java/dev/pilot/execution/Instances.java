package dev.pilot.execution;

import dev.pilot.testsupport.Infrastructure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** More instances of the service, on a database another instance already uses. */
public final class Instances {

  private Instances() {}

  /** A fresh empty database of the shared test server. */
  public static String freshDatabase(String name) {
    return Infrastructure.get().jdbcUrl(name + "_" + ProcessHandle.current().pid());
  }

  /** Starts the service on {@code jdbcUrl} with a random HTTP port and the test profile. */
  public static ConfigurableApplicationContext start(String jdbcUrl, Map<String, String> extra) {
    return start(jdbcUrl, extra, new Class<?>[0]);
  }

  /** The same, with more configuration classes (e.g. {@link TestClock}). */
  public static ConfigurableApplicationContext start(
      String jdbcUrl, Map<String, String> extra, Class<?>... sources) {
    Infrastructure infrastructure = Infrastructure.get();
    List<String> args = new ArrayList<>();
    args.add("--spring.datasource.url=" + jdbcUrl);
    args.add("--spring.datasource.username=" + infrastructure.postgresUser());
    args.add("--spring.datasource.password=" + infrastructure.postgresPassword());
    args.add("--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers());
    args.add(
        "--spring.cloud.stream.kafka.binder.brokers=" + infrastructure.kafkaBootstrapServers());
    args.add("--server.port=0");
    extra.forEach((key, value) -> args.add("--" + key + "=" + value));
    List<Class<?>> all = new ArrayList<>(List.of(ExecutionServiceApplication.class));
    all.addAll(List.of(sources));
    return new SpringApplicationBuilder(all.toArray(Class<?>[]::new))
        .profiles("test")
        .run(args.toArray(String[]::new));
  }

  public static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }
}
