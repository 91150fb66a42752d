package dev.pilot.execution.egress;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends one request, never following redirects itself (the {@link EgressClient} vets every hop).
 * The body is left for the caller to read (a step's output) or close.
 */
@FunctionalInterface
public interface Connector {

  HttpResponse<InputStream> send(HttpRequest request) throws IOException, InterruptedException;

  static Connector jdk() {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return request -> client.send(request, HttpResponse.BodyHandlers.ofInputStream());
  }
}
