package dev.pilot.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The demo users the services' tests log in as (HTTP Basic, security mode {@code basic}). */
public final class DemoUsers {

  /** The password every demo user has in the tests' configuration. */
  public static final String PASSWORD = "demo";

  private DemoUsers() {}

  /** An {@code Authorization} header value logging {@code user} in with the demo password. */
  public static String basicAuthorization(String user) {
    return basicAuthorization(user, PASSWORD);
  }

  /** An {@code Authorization} header value for HTTP Basic with these credentials. */
  public static String basicAuthorization(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
