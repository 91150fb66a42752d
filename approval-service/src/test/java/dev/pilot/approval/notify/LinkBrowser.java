package dev.pilot.approval.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Follows notification links as a browser without any login would: the links point at the
 * dashboard's origin; this sends their path to the approval service directly.
 */
public final class LinkBrowser {

  /** A page: status and HTML. */
  public record Page(int status, String html) {}

  /** One approver's links from their webhook notification about an approval. */
  public record Links(String approve, String reject) {}

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  public LinkBrowser(int port) {
    this.base = "http://localhost:" + port;
  }

  /** The approver's links from the first webhook post addressed to them about the approval. */
  public static Links of(List<WebhookReceiver.Post> posts, String approver) {
    String text =
        posts.stream()
            .map(WebhookReceiver.Post::text)
            .filter(t -> t.contains(", " + approver + ".\n"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no notification to " + approver));
    return new Links(line(text, "Approve: "), line(text, "Reject: "));
  }

  private static String line(String text, String prefix) {
    return text.lines()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .findFirst()
        .orElseThrow();
  }

  /** The token of a link. */
  public static String token(String link) {
    return link.substring(link.lastIndexOf('/') + 1);
  }

  public Page open(String link) {
    return send(HttpRequest.newBuilder(URI.create(base + URI.create(link).getRawPath())).GET());
  }

  public Page confirm(String link, String comment) {
    String form =
        "token="
            + URLEncoder.encode(token(link), StandardCharsets.UTF_8)
            + (comment == null
                ? ""
                : "&comment=" + URLEncoder.encode(comment, StandardCharsets.UTF_8));
    return send(
        HttpRequest.newBuilder(URI.create(base + "/approval-links"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  private Page send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Page(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
