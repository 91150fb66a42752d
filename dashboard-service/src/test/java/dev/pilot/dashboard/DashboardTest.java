package dev.pilot.dashboard;

import dev.pilot.testsupport.DemoUsers;
import dev.pilot.testsupport.RealInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One dashboard on real Kafka and PostgreSQL, its gateway pointing at {@link FakeBackends}. Every
 * test class extends it, so they all share one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
@ActiveProfiles("test")
public abstract class DashboardTest {

  protected static final EventPublisher events = new EventPublisher();
  protected static final FakeBackends backends = FakeBackends.shared();

  @LocalServerPort protected int port;
  @Autowired protected JdbcClient jdbc;
  @Autowired protected Environment environment;

  @DynamicPropertySource
  static void backendUrls(DynamicPropertyRegistry registry) {
    registry.add("pilot.dashboard.execution-service-url", backends::url);
    registry.add("pilot.dashboard.approval-service-url", backends::url);
  }

  /**
   * Another dashboard instance on this test's database and broker whose consumers never start:
   * whatever its clients get was projected by this instance and reached it through the database.
   * {@code arguments} are more command-line properties for it.
   */
  protected ConfigurableApplicationContext startSecondInstance(int port, String... arguments) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=" + port,
                "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                "--spring.datasource.username="
                    + environment.getProperty("spring.datasource.username"),
                "--spring.datasource.password="
                    + environment.getProperty("spring.datasource.password"),
                "--spring.kafka.bootstrap-servers="
                    + environment.getProperty("spring.kafka.bootstrap-servers"),
                "--spring.cloud.stream.bindings.dashboardEvents-in-0.consumer.auto-startup=false"));
    args.addAll(List.of(arguments));
    return new SpringApplicationBuilder(DashboardServiceApplication.class)
        .profiles("test")
        .run(args.toArray(String[]::new));
  }

  protected String baseUrl() {
    return "http://localhost:" + port;
  }

  protected WebTestClient as(String user) {
    return WebTestClient.bindToServer()
        .baseUrl(baseUrl())
        .responseTimeout(Duration.ofSeconds(30))
        .defaultHeader("Authorization", basic(user))
        .build();
  }

  /** Asks for a rebuild of the read model as {@code user}, with the CSRF token a browser sends. */
  protected WebTestClient.ResponseSpec rebuildAs(String user) {
    return as(user)
        .post()
        .uri("/api/admin/rebuild")
        .cookie("XSRF-TOKEN", "test-token")
        .header("X-XSRF-TOKEN", "test-token")
        .exchange();
  }

  protected SseClient stream(String user) {
    return SseClient.open(baseUrl() + "/api/running-executions/stream", basic(user), null);
  }

  protected SseClient stream(String user, String lastEventId) {
    return SseClient.open(baseUrl() + "/api/running-executions/stream", basic(user), lastEventId);
  }

  public static String basic(String user) {
    return DemoUsers.basicAuthorization(user);
  }
}
