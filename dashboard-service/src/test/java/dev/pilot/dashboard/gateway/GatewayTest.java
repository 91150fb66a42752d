package dev.pilot.dashboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.dashboard.DashboardTest;
import dev.pilot.dashboard.FakeBackends;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class GatewayTest extends DashboardTest {

  @Test
  void forwardsMethodPathQueryBodyAndTheCallersCredentials() {
    UUID approvalId = UUID.randomUUID();
    backends.onPost(
        "/api/approvals/" + approvalId + "/responses",
        (user, body) ->
            FakeBackends.object()
                .put("status", "approved")
                .put("answered_by", user)
                .put("decision", body.path("decision").asString()));

    as("alice")
        .post()
        .uri("/api/approvals/" + approvalId + "/responses?source=dashboard")
        .cookie("XSRF-TOKEN", "t")
        .header("X-XSRF-TOKEN", "t")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"decision\":\"approve\",\"comment\":\"fine\"}")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.answered_by")
        .isEqualTo("alice")
        .jsonPath("$.decision")
        .isEqualTo("approve");

    FakeBackends.Received received =
        backends.received().stream()
            .filter(r -> r.path().equals("/api/approvals/" + approvalId + "/responses"))
            .findFirst()
            .orElseThrow();
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.query()).isEqualTo("source=dashboard");
    assertThat(received.authorization()).isEqualTo(basic("alice"));
    assertThat(received.body()).contains("\"comment\":\"fine\"");
  }

  @Test
  void streamsAnAnswerLargerThanAnyInMemoryBufferThrough() {
    String path = "/api/agents/" + UUID.randomUUID();
    String description = "d".repeat(2_000_000);
    backends.serve(path, FakeBackends.object().put("description", description));

    byte[] body =
        as("alice")
            .mutate()
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8_000_000))
            .build()
            .get()
            .uri(path)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
            .expectBody()
            .returnResult()
            .getResponseBody();

    assertThat(body).hasSizeGreaterThan(2_000_000);
  }

  @Test
  void passesProblemJsonAndStatusBackUnchanged() {
    as("alice")
        .get()
        .uri("/api/executions/" + UUID.randomUUID())
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.title")
        .isEqualTo("Not found");
  }

  @Test
  void refusesABrowserWriteWithoutTheCsrfToken() {
    as("alice")
        .post()
        .uri("/api/executions/" + UUID.randomUUID() + "/cancel")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(detail -> assertThat(detail.toString()).contains("X-XSRF-TOKEN"));
  }

  @Test
  void pagesForbidScriptsFromAnywhereButThisOrigin() {
    as("alice")
        .get()
        .uri("/")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .value(
            "Content-Security-Policy",
            csp ->
                assertThat(csp)
                    .contains("script-src 'self'")
                    .contains("object-src 'none'")
                    .contains("frame-ancestors 'none'"));
  }

  @Test
  void pagesAndApisNeedAUserButHealthDoesNot() {
    WebTestClient anonymous = WebTestClient.bindToServer().baseUrl(baseUrl()).build();
    anonymous.get().uri("/").exchange().expectStatus().isUnauthorized();
    anonymous.get().uri("/api/running-executions").exchange().expectStatus().isUnauthorized();
    anonymous.get().uri("/js/dashboard.js").exchange().expectStatus().isUnauthorized();
    anonymous.get().uri("/actuator/health").exchange().expectStatus().isOk();
  }

  @Test
  void notificationLinksReachTheApprovalServiceWithoutLoginOrCsrfCookie() {
    WebTestClient anonymous = WebTestClient.bindToServer().baseUrl(baseUrl()).build();
    String token = "v1.claims-" + UUID.randomUUID() + ".signature";

    anonymous.get().uri("/approval-links/" + token).exchange().expectStatus().isNotFound();
    anonymous
        .post()
        .uri("/approval-links")
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .bodyValue("token=" + token)
        .exchange()
        .expectStatus()
        .isNotFound();

    assertThat(backends.received())
        .anySatisfy(
            r -> {
              assertThat(r.method()).isEqualTo("GET");
              assertThat(r.path()).isEqualTo("/approval-links/" + token);
            })
        .anySatisfy(
            r -> {
              assertThat(r.method()).isEqualTo("POST");
              assertThat(r.path()).isEqualTo("/approval-links");
              assertThat(r.body()).isEqualTo("token=" + token);
            });
  }

  @Test
  void metricsAreForOperatorsOnly() {
    as("bob").get().uri("/actuator/prometheus").exchange().expectStatus().isForbidden();
    as("bob").get().uri("/actuator/metrics").exchange().expectStatus().isForbidden();
    as("alice").get().uri("/actuator/metrics").exchange().expectStatus().isOk();
  }
}
