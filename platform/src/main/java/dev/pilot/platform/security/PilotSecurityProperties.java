package dev.pilot.platform.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param mode {@code basic} (demo users, local profile and tests) or {@code jwt} (bearer tokens
 *     from the issuer in {@code spring.security.oauth2.resourceserver.jwt.issuer-uri})
 * @param users user names accepted in basic mode
 * @param password the one password of every basic-mode user
 */
@ConfigurationProperties("pilot.security")
public record PilotSecurityProperties(
    @DefaultValue("basic") Mode mode, @DefaultValue List<String> users, String password) {

  public enum Mode {
    BASIC,
    JWT
  }
}
