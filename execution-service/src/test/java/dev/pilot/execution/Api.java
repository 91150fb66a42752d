package dev.pilot.execution;

import dev.pilot.testsupport.DemoUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The service's HTTP API as a client sees it, with HTTP Basic demo users. */
public final class Api {

  public static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  public Api(int port) {
    this.base = "http://localhost:" + port;
  }

  public record Response(int status, String contentType, String location, JsonNode body) {
    public String text(String field) {
      return body.path(field).asString();
    }
  }

  public Response get(String user, String path) {
    return send(user, "GET", path, null);
  }

  public Response post(String user, String path, Object body) {
    return send(user, "POST", path, body);
  }

  public Response put(String user, String path, Object body) {
    return send(user, "PUT", path, body);
  }

  public Response delete(String user, String path) {
    return send(user, "DELETE", path, null);
  }

  public Response send(String user, String method, String path, Object body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(
                        body instanceof String s ? s : JSON.writeValueAsString(body)))
            .header("Content-Type", "application/json");
    if (user != null) {
      request.header("Authorization", DemoUsers.basicAuthorization(user));
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      return new Response(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.headers().firstValue("Location").orElse(null),
          text == null || text.isBlank() ? JSON.missingNode() : JSON.readTree(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
