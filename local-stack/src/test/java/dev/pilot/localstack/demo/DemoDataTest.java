package dev.pilot.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DemoDataTest {

  private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");

  private final List<String> agentsOfAlice = new ArrayList<>();
  private final List<String> callers = new ArrayList<>();
  private int postStatus = 201;
  private HttpServer executionService;

  @BeforeEach
  void startFakeExecutionService() throws IOException {
    executionService = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    executionService.createContext("/api/agents", this::agents);
    executionService.start();
  }

  @AfterEach
  void stop() {
    executionService.stop(0);
  }

  @Test
  void createsTheFourDemoAgentsAsAlice() {
    List<String> created = demoData().seed();

    assertThat(created)
        .containsExactly(
            "Invoice review", "Minute digest", "Production deploy", "Release sign-off");
    assertThat(agentsOfAlice).containsExactlyElementsOf(created);
    assertThat(callers).containsOnly("alice:demo");
  }

  @Test
  void alsoSeedsTheAgentThatAsksAModelWhenAModelEndpointIsConfigured() {
    List<String> created =
        new DemoData(
                URI.create("http://localhost:" + executionService.getAddress().getPort()), true)
            .seed();

    assertThat(created)
        .containsExactly(
            "Invoice review",
            "Minute digest",
            "Production deploy",
            "Release sign-off",
            "Supplier reply");
  }

  @Test
  void seedsOnlyOnceAcrossRestarts() {
    demoData().seed();

    List<String> createdAgain = demoData().seed();

    assertThat(createdAgain).isEmpty();
    assertThat(agentsOfAlice).hasSize(4);
  }

  @Test
  void reportsWhatTheServiceAnsweredWhenItRefusesAnAgent() {
    postStatus = 400;

    assertThatThrownBy(() -> demoData().seed())
        .isInstanceOf(DemoDataException.class)
        .hasMessageContaining("POST")
        .hasMessageContaining("answered 400");
  }

  private DemoData demoData() {
    return new DemoData(
        URI.create("http://localhost:" + executionService.getAddress().getPort()), false);
  }

  private void agents(HttpExchange exchange) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    callers.add(
        new String(
            Base64.getDecoder().decode(authorization.substring("Basic ".length())),
            StandardCharsets.UTF_8));
    if (exchange.getRequestMethod().equals("POST")) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (postStatus == 201) {
        Matcher name = NAME.matcher(body);
        name.find();
        agentsOfAlice.add(name.group(1));
      }
      respond(exchange, postStatus, "{}");
    } else {
      StringBuilder listing = new StringBuilder("[");
      for (String name : agentsOfAlice) {
        listing.append(listing.length() > 1 ? "," : "").append("{\"name\":\"" + name + "\"}");
      }
      respond(exchange, 200, listing.append("]").toString());
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
