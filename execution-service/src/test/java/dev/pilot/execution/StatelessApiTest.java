package dev.pilot.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.testsupport.DemoUsers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The API holds no session: every request carries its credentials, none leaves a cookie behind. */
class StatelessApiTest extends ServiceTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void answersWithoutSessionCookieAndWithSecurityHeaders() throws Exception {
    HttpResponse<String> agents = send("alice", "GET", "/api/agents");

    assertThat(agents.statusCode()).isEqualTo(200);
    assertThat(agents.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(agents.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(agents.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(value -> assertThat(value).contains("no-store"));
  }

  @Test
  void hasNoLogoutEndpointSinceThereIsNoSessionToEnd() throws Exception {
    HttpResponse<String> logout = send("alice", "POST", "/logout");

    assertThat(logout.statusCode()).isEqualTo(404);
    assertThat(logout.headers().firstValue("Location")).isEmpty();
    assertThat(send(null, "POST", "/logout").statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> send(String user, String method, String path) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (user != null) {
      request.header("Authorization", DemoUsers.basicAuthorization(user));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
