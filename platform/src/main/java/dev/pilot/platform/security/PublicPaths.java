package dev.pilot.platform.security;

import java.util.List;

/**
 * Paths a servlet service serves without authentication, besides health. A bean of this type is
 * added to the baseline's permitted paths; whatever answers there must establish who is asking by
 * other means (approval-service's signed approval links carry their own, one-action capability).
 */
public record PublicPaths(List<String> patterns) {

  public PublicPaths {
    patterns = List.copyOf(patterns);
  }
}
