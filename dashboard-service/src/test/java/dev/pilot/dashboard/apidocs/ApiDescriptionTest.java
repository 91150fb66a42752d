package dev.pilot.dashboard.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pilot.dashboard.DashboardTest;
import dev.pilot.testsupport.openapi.ApiDescription;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard's own endpoints' description (the gateway's routes are described by the services
 * behind it): served only to authenticated callers, equal to the committed
 * docs/openapi/dashboard-service.json, and true of what the dashboard answers.
 */
class ApiDescriptionTest extends DashboardTest {

  ApiDescription description;

  @BeforeEach
  void fetch() {
    description = ApiDescription.served(port, "alice");
  }

  @Test
  void theDescriptionAndItsPageNeedCredentialsLikeTheApi() {
    ApiDescription.assertNeedsCredentials(port);
  }

  @Test
  void theServedDescriptionIsTheCommittedOne() {
    description.assertEqualsCommitted("dashboard-service");
  }

  @Test
  void answersOfTheDashboardsEndpointsMatchTheirDocumentedSchemas() throws Exception {
    checked("alice", "GET", "/api/me");
    checked("alice", "GET", "/api/activity?limit=5");
    checked("alice", "GET", "/api/running-executions?limit=5");
    assertThat(checked("oscar", "POST", "/api/admin/rebuild").statusCode()).isEqualTo(403);
    // The stream never ends: its status and media type are what is checked, then it is closed.
    HttpResponse<java.io.InputStream> stream =
        HttpClient.newHttpClient()
            .send(
                request("alice", "GET", "/api/running-executions/stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
    try (var body = stream.body()) {
      description.assertDocuments(
          "GET",
          "/api/running-executions/stream",
          stream.statusCode(),
          stream.headers().firstValue("Content-Type").orElse(""),
          null);
    }
  }

  private HttpResponse<String> checked(String user, String method, String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(request(user, method, path).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body =
        response.body().isBlank() ? null : JsonMapper.builder().build().readTree(response.body());
    description.assertDocuments(
        method,
        path,
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        body);
    return response;
  }

  private HttpRequest.Builder request(String user, String method, String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .header("Authorization", basic(user))
        .header("Cookie", "XSRF-TOKEN=test-token")
        .header("X-XSRF-TOKEN", "test-token")
        .method(method, HttpRequest.BodyPublishers.noBody());
  }
}
