package dev.pilot.dashboard.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.dashboard.DashboardTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class RebuildAccessTest extends DashboardTest {

  @Test
  void anOrdinaryUserMayNotRebuildTheReadModel() {
    long resetsBefore = resetsAnnounced();

    String body =
        rebuildAs("oscar")
            .expectStatus()
            .isForbidden()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();

    assertThat(body).contains("administrator").contains("/api/admin/rebuild");
    // No rebuild ran: a rebuild always ends by telling every browser to start over.
    assertThat(resetsAnnounced()).isEqualTo(resetsBefore);
  }

  @Test
  void anAnonymousCallerIsAskedToAuthenticate() {
    org.springframework.test.web.reactive.server.WebTestClient.bindToServer()
        .baseUrl(baseUrl())
        .build()
        .post()
        .uri("/api/admin/rebuild")
        .cookie("XSRF-TOKEN", "test-token")
        .header("X-XSRF-TOKEN", "test-token")
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  private long resetsAnnounced() {
    return jdbc.sql("select count(*) from changes where kind = 'reset'").query(Long.class).single();
  }
}
