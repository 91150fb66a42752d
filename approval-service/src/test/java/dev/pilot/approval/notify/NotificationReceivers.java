package dev.pilot.approval.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.pilot.approval.ApprovalServiceTest;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * The real receivers of notifications in tests, one of each per JVM on loopback: an HTTP server as
 * the webhook and GreenMail as the SMTP server. The service's one shared test context is configured
 * with both channels (before its configuration is read, so the channels' conditions see them), so
 * every approval any test opens notifies bob, carol and dave; tests look at their own approvals'.
 */
public final class NotificationReceivers implements ContextCustomizerFactory {

  /** The link secret of tests. */
  static final String SECRET = "test-secret-of-at-least-thirty-two-characters";

  private static WebhookReceiver webhook;
  private static GreenMail mail;

  public static synchronized WebhookReceiver webhook() {
    start();
    return webhook;
  }

  public static synchronized GreenMail mail() {
    start();
    return mail;
  }

  private static void start() {
    if (webhook == null) {
      webhook = new WebhookReceiver();
      mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      mail.start();
    }
  }

  /** The messages received for one address whose text mentions the approval. */
  public static List<MimeMessage> mailsTo(String address, java.util.UUID approvalId) {
    return Arrays.stream(mail().getReceivedMessages())
        .filter(m -> recipients(m).contains(address))
        .filter(m -> text(m).contains(approvalId.toString()))
        .toList();
  }

  /** The decoded plain text of a received mail. */
  public static String text(MimeMessage message) {
    try {
      return String.valueOf(message.getContent());
    } catch (java.io.IOException | jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String recipients(MimeMessage message) {
    try {
      return Arrays.toString(message.getAllRecipients());
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public ContextCustomizer createContextCustomizer(
      Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
    return MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
            .isPresent(ApprovalServiceTest.class)
        ? new Channels()
        : null;
  }

  /** Equal to every other instance, so the shared context stays shared. */
  static final class Channels implements ContextCustomizer {

    @Override
    public void customizeContext(
        ConfigurableApplicationContext context, MergedContextConfiguration config) {
      Map<String, Object> properties =
          Map.of(
              "pilot.approval.notify.webhook.url", webhook().url(),
              "spring.mail.host", "127.0.0.1",
              "spring.mail.port", mail().getSmtp().getPort(),
              "pilot.approval.notify.mail.addresses",
                  "bob=bob@example.com, carol=carol@example.com",
              "pilot.approval.notify.link-secret", SECRET,
              "pilot.approval.notify.poll-interval", "200ms",
              "pilot.approval.notify.retry.initial", "300ms",
              "pilot.approval.notify.retry.max", "2s");
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(new MapPropertySource("notification-receivers", properties));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Channels;
    }

    @Override
    public int hashCode() {
      return Channels.class.hashCode();
    }
  }
}
