package dev.pilot.approval.notify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who gets mail at which address: the pairs listed in {@code addresses} ({@code user=address,…}),
 * else the {@code address-template} with the user's name in it, else nobody. Identity providers
 * differ in whether and how they hand out addresses, so the operator says it once here.
 */
final class MailDirectory {

  private final Map<String, String> listed;
  private final String template;

  private MailDirectory(Map<String, String> listed, String template) {
    this.listed = listed;
    this.template = template;
  }

  static MailDirectory of(NotifyProperties.Mail mail) {
    Map<String, String> listed = new LinkedHashMap<>();
    if (mail.addresses() != null) {
      for (String pair : mail.addresses().split(",")) {
        int equals = pair.indexOf('=');
        if (pair.isBlank()) {
          continue;
        }
        if (equals <= 0 || equals == pair.length() - 1) {
          throw new IllegalStateException(
              "NOTIFY_MAIL_ADDRESSES takes user=address pairs, comma-separated; got: " + pair);
        }
        listed.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
      }
    }
    String template = mail.addressTemplate();
    if (template != null && !template.isBlank() && !template.contains("{user}")) {
      throw new IllegalStateException(
          "NOTIFY_MAIL_ADDRESS_TEMPLATE must contain {user}, e.g. {user}@example.com");
    }
    return new MailDirectory(
        Map.copyOf(listed), template == null || template.isBlank() ? null : template.strip());
  }

  Optional<String> addressOf(String user) {
    String address = listed.get(user);
    if (address != null) {
      return Optional.of(address);
    }
    return template == null || !user.matches("[A-Za-z0-9._+-]+")
        ? Optional.empty()
        : Optional.of(template.replace("{user}", user));
  }
}
