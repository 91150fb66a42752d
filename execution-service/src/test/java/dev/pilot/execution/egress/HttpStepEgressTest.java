package dev.pilot.execution.egress;

import static dev.pilot.execution.AgentFixtures.action;
import static dev.pilot.execution.AgentFixtures.manualAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.pilot.execution.Api;
import dev.pilot.execution.Recorded;
import dev.pilot.execution.ServiceTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/**
 * The http step refuses internal addresses after resolving the name. Nothing here leaves the
 * machine: test names resolve to internal addresses through a fake resolver, and the connector
 * fails the test if a request to anything but the loopback stub ever reaches it.
 */
@Import(HttpStepEgressTest.FakeNetwork.class)
class HttpStepEgressTest extends ServiceTest {

  /** Requests that reached the connector for a host other than the loopback stub. */
  static final List<URI> LEAKED = new CopyOnWriteArrayList<>();

  @TestConfiguration(proxyBeanMethods = false)
  static class FakeNetwork {

    @Bean
    @Primary
    HostResolver fakeResolver() {
      Map<String, String> names =
          Map.of(
              "metadata.test", "169.254.169.254",
              "private.test", "10.1.2.3",
              "home.test", "192.168.1.10",
              "linklocal.test", "fe80::1",
              "loop.test", "127.0.0.1",
              "sneaky.test", "::ffff:10.0.0.1",
              "localhost", "127.0.0.1");
      return host -> {
        String address = names.get(host);
        if (address == null) {
          throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getByName(address)); // literals only: no lookup
      };
    }

    @Bean
    @Primary
    Connector guardedConnector() {
      Connector loopback = Connector.jdk();
      return request -> {
        if (!"localhost".equals(request.uri().getHost())) {
          LEAKED.add(request.uri());
          throw new AssertionError("A request left the policy: " + request.uri());
        }
        return loopback.send(request);
      };
    }
  }

  @ParameterizedTest(name = "{0} ({1})")
  @CsvSource({
    "metadata.test, cloud metadata",
    "private.test, private",
    "home.test, private",
    "linklocal.test, link-local",
    "loop.test, loopback",
    "sneaky.test, private"
  })
  void refusesInternalAddressesAfterResolutionWithoutEchoingCredentials(String host, String kind) {
    String url = "http://admin:s3cret@" + host + ":5432/latest/meta-data?token=t0ken";
    UUID agent = createAgent("alice", manualAgent("probe " + host, httpCall("call", url)));

    UUID run = start("alice", agent);

    JsonNode failed = awaitStatus("alice", run, "failed");
    String error = failed.path("steps").get(0).path("error").asString();
    assertThat(error).contains("refused").contains(host).contains(kind);
    assertThat(error).doesNotContain("s3cret").doesNotContain("admin").doesNotContain("t0ken");
    await().atMost(PATIENCE).until(() -> Recorded.types(run).contains("ExecutionFailed"));
    assertThat(Recorded.events(run).toString()).doesNotContain("s3cret").doesNotContain("t0ken");
    assertThat(LEAKED).isEmpty();
  }

  @Test
  void refusesAnInternalAddressLiteralWhenTheAgentIsSaved() {
    Api.Response response =
        api.post(
            "alice",
            "/api/agents",
            manualAgent("metadata", httpCall("call", "http://169.254.169.254/latest/meta-data")));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().path("errors").get(0).path("field").asString())
        .isEqualTo("pilot_steps[0].action.params.url");
    assertThat(LEAKED).isEmpty();
  }

  @Test
  void doesNotFollowARedirectTowardsTheInsideByDefault() throws Exception {
    HttpServer stub = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    stub.createContext(
        "/moved",
        exchange -> {
          exchange.getResponseHeaders().set("Location", "http://metadata.test/latest/meta-data");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    stub.start();
    try {
      String url = "http://localhost:" + stub.getAddress().getPort() + "/moved";
      UUID agent = createAgent("alice", manualAgent("redirected", httpCall("call", url)));

      UUID run = start("alice", agent);

      JsonNode failed = awaitStatus("alice", run, "failed");
      assertThat(failed.path("steps").get(0).path("error").asString())
          .endsWith("answered HTTP 302");
      assertThat(LEAKED).isEmpty();
    } finally {
      stub.stop(0);
    }
  }

  private static Map<String, Object> httpCall(String id, String url) {
    return action(id, "http", Map.of("url", url, "method", "GET", "timeout_ms", 2_000));
  }
}
