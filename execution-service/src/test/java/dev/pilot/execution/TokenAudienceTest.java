package dev.pilot.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * With bearer tokens, as in production, a token is accepted only if it is meant for Pilot: its
 * audience is {@code JWT_AUDIENCE}. A token the same issuer signed for another service is refused.
 */
@TestPropertySource(
    properties = {
      "pilot.security.mode=jwt",
      "spring.security.oauth2.resourceserver.jwt.audiences=pilot"
    })
class TokenAudienceTest extends ServiceTest {

  private static final RSAKey KEY = key();

  @Value("${local.server.port}")
  int serverPort;

  @DynamicPropertySource
  static void issuerKey(DynamicPropertyRegistry registry) {
    try {
      Path pem = Files.createTempFile("issuer", ".pem");
      Files.writeString(
          pem,
          "-----BEGIN PUBLIC KEY-----\n"
              + Base64.getMimeEncoder().encodeToString(KEY.toRSAPublicKey().getEncoded())
              + "\n-----END PUBLIC KEY-----\n");
      registry.add(
          "spring.security.oauth2.resourceserver.jwt.public-key-location",
          () -> "file:" + pem.toAbsolutePath());
    } catch (IOException | JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void acceptsATokenForPilotAndRefusesOneForAnotherAudience() throws Exception {
    assertThat(agents(token("pilot")).statusCode()).isEqualTo(200);
    assertThat(agents(token("billing")).statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> agents(String token) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + serverPort + "/api/agents"))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static String token(String audience) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .subject("alice")
                .audience(audience)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .build());
    jwt.sign(new RSASSASigner(KEY));
    return jwt.serialize();
  }

  private static RSAKey key() {
    try {
      return new RSAKeyGenerator(2048).keyID("test").generate();
    } catch (JOSEException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
