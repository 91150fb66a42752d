package dev.pilot.localstack.services;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/** Asks a service's {@code /actuator/health} whether it is UP (the endpoint needs no login). */
final class HealthProbe {

  private static final Pattern UP = Pattern.compile("\"status\"\\s*:\\s*\"UP\"");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private HealthProbe() {}

  static boolean isUp(URI baseUri) {
    HttpRequest request =
        HttpRequest.newBuilder(baseUri.resolve("/actuator/health"))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && UP.matcher(response.body()).find();
    } catch (IOException notYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
