package dev.pilot.dashboard.web;

import dev.pilot.dashboard.DashboardTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Guessing a password gets slower with every failure after the first few. */
class LoginThrottleTest extends DashboardTest {

  @Test
  void afterFiveFailedLoginsEvenTheRightPasswordWaits() {
    WebTestClient guesser =
        WebTestClient.bindToServer()
            .baseUrl(baseUrl())
            .defaultHeaders(h -> h.setBasicAuth("peggy", "wrong"))
            .build();
    for (int i = 0; i < 5; i++) {
      guesser.get().uri("/api/running-executions").exchange().expectStatus().isUnauthorized();
    }

    as("peggy")
        .get()
        .uri("/api/running-executions")
        .exchange()
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .exists("Retry-After")
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    as("walter").get().uri("/api/running-executions").exchange().expectStatus().isOk();
  }
}
