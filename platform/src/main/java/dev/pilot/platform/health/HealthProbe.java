package dev.pilot.platform.health;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;

/**
 * The health check of a service's image, which has no shell and no curl (FROM scratch, see
 * deploy/images): the image's own Java runs this class from the service's class path,
 *
 * <pre>
 * /opt/java/bin/java -cp @/app/jib-classpath-file dev.pilot.platform.health.HealthProbe 8081
 * </pre>
 *
 * and it exits 0 exactly when {@code GET http://127.0.0.1:<port><path>} answers 200 in time ({@code
 * path} defaults to the readiness probe, public like all of {@code /actuator/health}). Anything
 * else (another status, a refused or slow connection) exits 1, a wrong call 2. Plain JDK on
 * purpose: it starts in a fraction of a second and loads nothing of the service.
 */
public final class HealthProbe {

  static final String READINESS = "/actuator/health/readiness";
  static final int TIMEOUT_MILLIS = 3_000;

  private HealthProbe() {}

  public static void main(String[] args) {
    System.exit(check(args));
  }

  static int check(String[] args) {
    URL url;
    try {
      int port = Integer.parseInt(args[0]);
      String path = args.length > 1 ? args[1] : READINESS;
      if (port < 1 || port > 65_535 || !path.startsWith("/") || args.length > 2) {
        throw new IllegalArgumentException();
      }
      // Loopback only: the probe asks the service in its own container, never another host.
      url = URI.create("http://127.0.0.1:" + port + path).toURL();
    } catch (RuntimeException | java.net.MalformedURLException e) {
      System.err.println("usage: HealthProbe <port> [path, default " + READINESS + "]");
      return 2;
    }
    try {
      HttpURLConnection connection = (HttpURLConnection) url.openConnection();
      connection.setConnectTimeout(TIMEOUT_MILLIS);
      connection.setReadTimeout(TIMEOUT_MILLIS);
      connection.setInstanceFollowRedirects(false);
      int status = connection.getResponseCode();
      drain(connection);
      if (status == 200) {
        return 0;
      }
      System.err.println(url + " answered " + status);
      return 1;
    } catch (IOException e) {
      System.err.println(url + ": " + e);
      return 1;
    }
  }

  private static void drain(HttpURLConnection connection) {
    try (InputStream body = connection.getInputStream()) {
      body.readAllBytes();
    } catch (IOException e) {
      // Only the status matters; a body cut short changes nothing.
    }
  }
}
