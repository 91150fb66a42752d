package dev.pilot.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

class DemoLoginsTest {

  private final DemoLogins logins = new DemoLogins(List.of("alice", "bob"), "demo");

  @Test
  void theRightPasswordLogsTheUserInWithoutKeepingIt() {
    Authentication user = logins.authenticate(login("alice", "demo"));

    assertThat(user.isAuthenticated()).isTrue();
    assertThat(user.getName()).isEqualTo("alice");
    assertThat(user.getCredentials()).isNull();
    assertThat(user.getAuthorities())
        .extracting(GrantedAuthority::getAuthority)
        .containsExactly("ROLE_USER");
  }

  @Test
  void userNamesMatchRegardlessOfCase() {
    assertThat(logins.authenticate(login("Bob", "demo")).getName()).isEqualTo("bob");
  }

  @Test
  void refusesAWrongPasswordAnUnknownUserAndMissingCredentials() {
    assertThatThrownBy(() -> logins.authenticate(login("alice", "Demo")))
        .isInstanceOf(BadCredentialsException.class);
    assertThatThrownBy(() -> logins.authenticate(login("mallory", "demo")))
        .isInstanceOf(BadCredentialsException.class);
    assertThatThrownBy(() -> logins.authenticate(login("alice", null)))
        .isInstanceOf(BadCredentialsException.class);
  }

  @Test
  void eachLoginIsItsOwnAuthenticationCarryingItsRequestDetails() {
    UsernamePasswordAuthenticationToken first = login("alice", "demo");
    first.setDetails("from 127.0.0.1");

    Authentication one = logins.authenticate(first);
    Authentication two = logins.authenticate(login("alice", "demo"));

    assertThat(one).isNotSameAs(two);
    assertThat(one.getDetails()).isEqualTo("from 127.0.0.1");
    assertThat(two.getDetails()).isNull();
  }

  private static UsernamePasswordAuthenticationToken login(String user, String password) {
    return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
  }
}
