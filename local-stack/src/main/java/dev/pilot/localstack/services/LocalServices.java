package dev.pilot.localstack.services;

import dev.pilot.localstack.infrastructure.InfrastructureSettings;
import dev.pilot.localstack.ports.RequiredPort;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The three services as the local stack runs them: profile {@code local}, small JVMs and pools. */
public final class LocalServices {

  /** Flags that halve start-up time and memory of a Spring Boot app on a small machine. */
  public static final List<String> JVM_FLAGS =
      List.of(
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-Xss512k",
          "-XX:ReservedCodeCacheSize=64m",
          "-Xmx384m");

  public static final int DASHBOARD_PORT = 8080;
  public static final int EXECUTION_PORT = 8081;
  public static final int APPROVAL_PORT = 8082;

  private LocalServices() {}

  /** In start order: execution-service, approval-service, then the dashboard in front of them. */
  public static List<ServiceSpec> specs(
      Path repositoryRoot, Path logsDir, InfrastructureSettings infrastructure) {
    Map<String, String> environment =
        Map.of(
            "DATABASE_URL", infrastructure.postgres().jdbcUrl(),
            "DATABASE_USER", infrastructure.postgres().user(),
            "DATABASE_PASSWORD", infrastructure.postgres().password(),
            "DATABASE_POOL_SIZE", "4",
            "KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafka().bootstrapServers(),
            "EXECUTION_SERVICE_URL", "http://localhost:" + EXECUTION_PORT,
            "APPROVAL_SERVICE_URL", "http://localhost:" + APPROVAL_PORT);
    return List.of(
        spec("execution-service", EXECUTION_PORT, repositoryRoot, logsDir, environment),
        spec("approval-service", APPROVAL_PORT, repositoryRoot, logsDir, environment),
        spec("dashboard-service", DASHBOARD_PORT, repositoryRoot, logsDir, environment));
  }

  public static List<RequiredPort> requiredPorts() {
    return List.of(
        new RequiredPort(DASHBOARD_PORT, "dashboard-service"),
        new RequiredPort(EXECUTION_PORT, "execution-service"),
        new RequiredPort(APPROVAL_PORT, "approval-service"));
  }

  private static ServiceSpec spec(
      String name, int port, Path root, Path logsDir, Map<String, String> environment) {
    return new ServiceSpec(
        name,
        root.resolve(name).resolve("target").resolve(name + ".jar"),
        port,
        JVM_FLAGS,
        List.of("--spring.profiles.active=local"),
        environment,
        logsDir.resolve(name + ".log"));
  }
}
