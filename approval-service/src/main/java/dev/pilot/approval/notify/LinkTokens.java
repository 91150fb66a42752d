package dev.pilot.approval.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs and verifies link tokens: {@code v1.<claims>.<signature>}, the claims as base64url JSON,
 * the signature HMAC-SHA256 over {@code v1.<claims>} with the configured secret. Anything else —
 * another version, a changed character, a signature made with another key — verifies as nothing,
 * and the caller cannot tell which it was.
 */
public final class LinkTokens {

  static final int MIN_SECRET_LENGTH = 32;
  private static final String VERSION = "v1.";
  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
  private static final JsonMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final SecretKeySpec key;

  /** Null when no secret is configured: then no link can be made, and none verifies. */
  private LinkTokens(SecretKeySpec key) {
    this.key = key;
  }

  static LinkTokens of(String secret) {
    if (secret == null || secret.isBlank()) {
      return new LinkTokens(null);
    }
    if (secret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalStateException(
          "pilot.approval.notify.link-secret (NOTIFY_LINK_SECRET) must be at least "
              + MIN_SECRET_LENGTH
              + " characters");
    }
    return new LinkTokens(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
  }

  boolean canSign() {
    return key != null;
  }

  String sign(LinkClaims claims) {
    if (key == null) {
      throw new IllegalStateException("No link secret configured (NOTIFY_LINK_SECRET)");
    }
    String signed = VERSION + ENCODE.encodeToString(JSON.writeValueAsBytes(claims));
    return signed + "." + ENCODE.encodeToString(mac(signed));
  }

  /** The claims of a token this service signed, unchanged; empty for anything else. */
  public Optional<LinkClaims> verify(String token) {
    if (key == null || token == null || !token.startsWith(VERSION) || token.length() > 1024) {
      return Optional.empty();
    }
    int dot = token.lastIndexOf('.');
    if (dot <= VERSION.length()) {
      return Optional.empty();
    }
    String signed = token.substring(0, dot);
    try {
      byte[] signature = DECODE.decode(token.substring(dot + 1));
      // Constant time: how long the comparison took says nothing about the right signature.
      if (!MessageDigest.isEqual(mac(signed), signature)) {
        return Optional.empty();
      }
      LinkClaims claims =
          JSON.readValue(DECODE.decode(signed.substring(VERSION.length())), LinkClaims.class);
      return complete(claims) ? Optional.of(claims) : Optional.empty();
    } catch (IllegalArgumentException | JacksonException e) {
      return Optional.empty();
    }
  }

  private static boolean complete(LinkClaims claims) {
    return claims.tokenId() != null
        && claims.approvalId() != null
        && claims.approver() != null
        && claims.decision() != null
        && claims.expiresAt() != null;
  }

  private byte[] mac(String text) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
