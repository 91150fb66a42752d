package dev.pilot.benchmarks;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The driver's HTTP client for the services' APIs. */
final class LoopbackHttp {

  private LoopbackHttp() {}

  /**
   * HTTP/1.1 from the start: the services serve plain-text HTTP/1.1 only, and a client that prefers
   * HTTP/2 (the JDK default) adds an {@code h2c} upgrade offer that the server must read and
   * decline. Connections are kept alive and reused by the client's pool.
   */
  static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  /** The {@code Authorization} header of a demo user (password {@code demo}). */
  static String basicAuthorization(String user) {
    return "Basic "
        + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
  }
}
