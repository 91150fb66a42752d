package dev.pilot.platform.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@link #FREE_FAILURES} failed logins in a row for one user
 * name, each further attempt must wait a penalty that doubles with every failure (up to {@link
 * #MAX_PENALTY}); attempts in the penalty window are refused unchecked (429). A successful login
 * clears the count. Applies to HTTP Basic credentials; bearer tokens are checked by their issuer.
 */
public final class LoginThrottle {

  static final int FREE_FAILURES = 5;
  static final Duration MAX_PENALTY = Duration.ofMinutes(5);
  private static final int MAX_TRACKED = 100_000;

  private record Failures(int count, Instant retryAt) {}

  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final Clock clock;

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long the user must still wait before a login is checked again; empty if not at all. */
  public Optional<Duration> waitFor(String user) {
    Failures current = failures.get(key(user));
    if (current == null || current.retryAt() == null) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), current.retryAt());
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  public void failed(String user) {
    if (failures.size() >= MAX_TRACKED) {
      failures.clear(); // bounded memory under a spray of user names; the penalty starts over
    }
    failures.compute(
        key(user),
        (name, before) -> {
          int count = before == null ? 1 : before.count() + 1;
          Instant retryAt = count < FREE_FAILURES ? null : clock.instant().plus(penalty(count));
          return new Failures(count, retryAt);
        });
  }

  public void succeeded(String user) {
    failures.remove(key(user));
  }

  static Duration penalty(int failures) {
    int doublings = Math.min(failures - FREE_FAILURES, 20);
    Duration penalty = Duration.ofSeconds(1L << doublings);
    return penalty.compareTo(MAX_PENALTY) > 0 ? MAX_PENALTY : penalty;
  }

  /** The user name of HTTP Basic credentials in an Authorization header, if any. */
  public static Optional<String> basicUser(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(0, colon));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The 429 answer's body. */
  public static byte[] problem(Duration wait) {
    return ("{\"type\":\"https://pilot.dev/problems/too-many-login-failures\","
            + "\"title\":\"Too many failed logins\",\"status\":429,"
            + "\"detail\":\"Too many failed logins for this user: try again in "
            + seconds(wait)
            + " s\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  public static long seconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  private static String key(String user) {
    return user.toLowerCase(Locale.ROOT);
  }
}
