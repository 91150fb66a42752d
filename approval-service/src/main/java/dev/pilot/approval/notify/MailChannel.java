package dev.pilot.approval.notify;

import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Mails each notification as plain text to the recipient's address in the {@link MailDirectory},
 * over the SMTP server of {@code spring.mail.*}. Its {@code Message-ID} is made from the
 * notification id, the same on every retry, so mail clients and servers that see it twice show it
 * once.
 */
@Component
@ConditionalOnExpression("!'${spring.mail.host:}'.isBlank()")
class MailChannel implements Channel {

  private final JavaMailSender sender;
  private final MailDirectory directory;
  private final String from;

  MailChannel(JavaMailSender sender, NotifyProperties properties) {
    this.sender = sender;
    this.directory = MailDirectory.of(properties.mail());
    this.from = properties.mail().from();
  }

  @Override
  public String name() {
    return "mail";
  }

  @Override
  public boolean reaches(String recipient) {
    return directory.addressOf(recipient).isPresent();
  }

  @Override
  public void send(Message message) throws Exception {
    String to =
        directory
            .addressOf(message.recipient())
            .orElseThrow(() -> new IllegalStateException("no address for " + message.recipient()));
    MimeMessage mail = sender.createMimeMessage();
    MimeMessageHelper helper = new MimeMessageHelper(mail, StandardCharsets.UTF_8.name());
    helper.setFrom(from);
    helper.setTo(to);
    helper.setSubject(message.subject());
    helper.setText(message.text());
    mail.setHeader("Message-ID", "<" + message.notificationId() + "@pilot.notify>");
    mail.setHeader("X-Pilot-Notification-Id", message.notificationId().toString());
    sender.send(mail);
  }
}
