package dev.pilot.execution.egress;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;

/**
 * Sends a step's request under the {@link EgressPolicy}: checked before it leaves, and each
 * redirect checked again before it is followed (redirects are not followed unless configured).
 */
public final class EgressClient {

  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final EgressPolicy policy;
  private final Connector connector;
  private final EgressProperties properties;

  public EgressClient(EgressPolicy policy, Connector connector, EgressProperties properties) {
    this.policy = policy;
    this.connector = connector;
    this.properties = properties;
  }

  public EgressPolicy policy() {
    return policy;
  }

  /**
   * The final answer, its body for the caller to read and close. Throws {@link
   * EgressRefusedException} if the policy refuses the URL or a redirect, or there are more
   * redirects than allowed.
   */
  public HttpResponse<InputStream> send(HttpRequest request)
      throws EgressRefusedException, IOException, InterruptedException {
    HttpRequest current = request;
    for (int hop = 0; ; hop++) {
      policy.check(current.uri());
      HttpResponse<InputStream> response = connector.send(current);
      String location = response.headers().firstValue("Location").orElse(null);
      if (!properties.followRedirects()
          || !REDIRECTS.contains(response.statusCode())
          || location == null) {
        return response;
      }
      response.body().close(); // a redirect's body is never read
      if (hop >= properties.maxRedirects()) {
        throw new EgressRefusedException("more than " + properties.maxRedirects() + " redirects");
      }
      current = redirected(current, current.uri().resolve(location), response.statusCode());
    }
  }

  /** 307 and 308 repeat the method and body; the others continue with a GET without body. */
  private static HttpRequest redirected(HttpRequest previous, URI target, int status) {
    HttpRequest.Builder next = HttpRequest.newBuilder(previous, (name, value) -> true).uri(target);
    if (status != 307 && status != 308) {
      next.method("GET", HttpRequest.BodyPublishers.noBody());
    }
    return next.build();
  }

  /**
   * The URL as errors and events may show it: scheme, host, port and path, without user information
   * (credentials) or query (tokens).
   */
  public static String display(URI uri) {
    StringBuilder shown = new StringBuilder();
    shown.append(uri.getScheme()).append("://").append(uri.getHost());
    if (uri.getPort() >= 0) {
      shown.append(':').append(uri.getPort());
    }
    if (uri.getRawPath() != null) {
      shown.append(uri.getRawPath());
    }
    return shown.toString();
  }
}
