package dev.pilot.approval.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts each notification as Slack-compatible JSON ({@code text} for clients that show only it,
 * {@code blocks} with the two links as buttons) to the configured URL. The notification id travels
 * as {@code Idempotency-Key}, the same on every retry, so a receiver that saw it can drop the
 * repeat. Any answer but 2xx is a failure (retried); redirects are not followed.
 */
@Component
@ConditionalOnExpression("!'${pilot.approval.notify.webhook.url:}'.isBlank()")
class WebhookChannel implements Channel {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI url;
  private final HttpClient http;
  private final NotifyProperties.Webhook webhook;

  WebhookChannel(NotifyProperties properties) {
    this.webhook = properties.webhook();
    this.url = URI.create(webhook.url().strip());
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(webhook.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public boolean reaches(String recipient) {
    return true;
  }

  @Override
  public void send(Message message) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(webhook.timeout())
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", message.notificationId().toString())
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body(message))))
            .build();
    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("webhook answered " + response.statusCode());
    }
  }

  static Map<String, Object> body(Message message) {
    Notice notice = message.notice();
    StringBuilder facts = new StringBuilder();
    facts.append("*Agent:* ").append(escape(message.agent())).append('\n');
    facts.append("*Step:* ").append(escape(notice.stepTitle())).append('\n');
    if (notice.reason() != null) {
      facts.append("*Reason:* ").append(escape(notice.reason())).append('\n');
    }
    if (notice.expiresAt() != null) {
      facts.append("*Answer before:* ").append(notice.expiresAt()).append('\n');
    }
    facts.append("*Approver:* ").append(escape(message.recipient()));
    List<Object> blocks = new ArrayList<>();
    blocks.add(Map.of("type", "header", "text", plain(message.kind().headline())));
    blocks.add(Map.of("type", "section", "text", markdown(facts.toString())));
    if (notice.proposalSummary() != null) {
      blocks.add(
          Map.of(
              "type",
              "section",
              "text",
              markdown(
                  "*Proposal (revision %d):*\n```%s```"
                      .formatted(notice.revision(), escape(notice.proposalSummary())))));
    }
    blocks.add(
        Map.of(
            "type",
            "actions",
            "elements",
            List.of(
                button("Approve…", message.approveLink(), "primary"),
                button("Reject…", message.rejectLink(), "danger"),
                button("Open in Pilot", message.approvalPage(), null))));
    return Map.of("text", message.text(), "blocks", blocks);
  }

  private static Map<String, Object> button(String label, URI link, String style) {
    Map<String, Object> button = new java.util.LinkedHashMap<>();
    button.put("type", "button");
    button.put("text", plain(label));
    button.put("url", link.toString());
    if (style != null) {
      button.put("style", style);
    }
    return button;
  }

  private static Map<String, Object> plain(String text) {
    return Map.of("type", "plain_text", "text", text);
  }

  private static Map<String, Object> markdown(String text) {
    return Map.of("type", "mrkdwn", "text", text);
  }

  /** Slack's three control characters; everything else is shown as written. */
  private static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
