package dev.pilot.dashboard;

import dev.pilot.testsupport.RealInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
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

  @DynamicPropertySource
  static void backendUrls(DynamicPropertyRegistry registry) {
    registry.add("pilot.dashboard.execution-service-url", backends::url);
    registry.add("pilot.dashboard.approval-service-url", backends::url);
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

  protected SseClient stream(String user) {
    return SseClient.open(baseUrl() + "/api/running-executions/stream", basic(user), null);
  }

  protected SseClient stream(String user, String lastEventId) {
    return SseClient.open(baseUrl() + "/api/running-executions/stream", basic(user), lastEventId);
  }

  public static String basic(String user) {
    return "Basic "
        + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
  }
}
