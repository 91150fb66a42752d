package dev.pilot.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.testsupport.DemoUsers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/** Guessing a password gets slower with every failure after the first few. */
class LoginThrottleTest extends ServiceTest {

  @Value("${local.server.port}")
  int serverPort;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void afterFiveFailedLoginsEvenTheRightPasswordWaits() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(agents("oscar", "wrong").statusCode()).isEqualTo(401);
    }

    HttpResponse<String> throttled = agents("oscar", "demo");

    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
    assertThat(throttled.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(agents("dave", "demo").statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> agents(String user, String password) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + "/api/agents"))
            .header("Authorization", DemoUsers.basicAuthorization(user, password))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
