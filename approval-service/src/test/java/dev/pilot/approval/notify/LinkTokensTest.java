package dev.pilot.approval.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pilot.contracts.Decision;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LinkTokensTest {

  private static final LinkTokens TOKENS = LinkTokens.of(NotificationReceivers.SECRET);
  private static final LinkClaims BOB_APPROVES =
      new LinkClaims(
          UUID.randomUUID(),
          UUID.randomUUID(),
          "bob",
          2,
          Decision.APPROVE,
          Instant.parse("2030-01-01T10:00:00Z"));

  @Test
  void aSignedLinkVerifiesToItsClaims() {
    assertThat(TOKENS.verify(TOKENS.sign(BOB_APPROVES))).contains(BOB_APPROVES);
  }

  @Test
  void changedClaimsWithTheOriginalSignatureDoNotVerify() {
    String token = TOKENS.sign(BOB_APPROVES);
    String[] parts = token.split("\\.");
    String claims =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"bob\"", "\"eve\"");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];

    assertThat(TOKENS.verify(forged)).isEmpty();
  }

  @Test
  void aLinkSignedWithAnotherSecretDoesNotVerify() {
    LinkTokens other = LinkTokens.of("another-secret-of-at-least-thirty-two-chars");

    assertThat(TOKENS.verify(other.sign(BOB_APPROVES))).isEmpty();
  }

  @Test
  void garbageAndCutLinksDoNotVerify() {
    String token = TOKENS.sign(BOB_APPROVES);

    assertThat(TOKENS.verify(token.substring(0, token.length() - 2))).isEmpty();
    assertThat(TOKENS.verify(token.replace("v1.", "v2."))).isEmpty();
    assertThat(TOKENS.verify("v1..")).isEmpty();
    assertThat(TOKENS.verify("not a token")).isEmpty();
    assertThat(TOKENS.verify(null)).isEmpty();
  }

  @Test
  void withoutASecretNoLinkVerifies() {
    assertThat(LinkTokens.of("").verify(TOKENS.sign(BOB_APPROVES))).isEmpty();
  }

  @Test
  void aShortSecretIsRefused() {
    assertThatThrownBy(() -> LinkTokens.of("short")).hasMessageContaining("at least 32");
  }
}
