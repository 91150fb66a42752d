package dev.pilot.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;

/**
 * HTTP Basic logins of the demo users (local profile and tests): per request one look-up and a
 * constant-time compare of the password. Spring's default for a user details service (a provider
 * manager around a DAO provider) copied the user, matched the {@code {noop}} password through the
 * delegating encoder and published an application event on every request, all of it in the
 * benchmark's request path. The principal is the same {@link User} as before, without password.
 */
final class DemoLogins implements AuthenticationManager {

  private record Account(User user, byte[] password) {}

  private final Map<String, Account> accounts;

  /** Compared with when the user is unknown, so that takes as long as a wrong password. */
  private final byte[] nobody = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);

  DemoLogins(List<String> users, String password) {
    byte[] secret = password.getBytes(StandardCharsets.UTF_8);
    this.accounts =
        users.stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    DemoLogins::key, name -> new Account(user(name), secret), (a, b) -> a));
  }

  private static User user(String name) {
    User user =
        new User(name, "", true, true, true, true, AuthorityUtils.createAuthorityList("ROLE_USER"));
    user.eraseCredentials();
    return user;
  }

  @Override
  public Authentication authenticate(Authentication request) {
    Account account = accounts.get(key(request.getName()));
    Object credentials = request.getCredentials();
    byte[] given =
        credentials == null ? new byte[0] : credentials.toString().getBytes(StandardCharsets.UTF_8);
    boolean matches = MessageDigest.isEqual(account == null ? nobody : account.password(), given);
    if (account == null || !matches) {
      throw new BadCredentialsException("Bad credentials");
    }
    UsernamePasswordAuthenticationToken result =
        UsernamePasswordAuthenticationToken.authenticated(
            account.user(), null, account.user().getAuthorities());
    result.setDetails(request.getDetails());
    return result;
  }

  /** User names match regardless of case, as with Spring's in-memory user store. */
  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
