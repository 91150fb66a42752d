package dev.pilot.platform.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param mode {@code basic} (demo users, local profile and tests) or {@code jwt} (bearer tokens
 *     from the issuer in {@code spring.security.oauth2.resourceserver.jwt.issuer-uri})
 * @param users user names accepted in basic mode
 * @param password the one password of every basic-mode user
 * @param operators users who may read metrics and other actuator endpoints besides health; with
 *     JWT, tokens with the {@code pilot.operator} scope may too
 */
@ConfigurationProperties("pilot.security")
public record PilotSecurityProperties(
    @DefaultValue("basic") Mode mode,
    @DefaultValue List<String> users,
    String password,
    @DefaultValue List<String> operators) {

  /** The authority of a token that may read metrics. */
  public static final String OPERATOR_SCOPE = "SCOPE_pilot.operator";

  /** Whether the user may read metrics and the other operational endpoints. */
  public boolean isOperator(String user, java.util.Collection<String> authorities) {
    return operators.contains(user) || authorities.contains(OPERATOR_SCOPE);
  }

  public enum Mode {
    BASIC,
    JWT
  }
}
