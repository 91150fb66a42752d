package dev.pilot.dashboard.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A rebuild passes over a record whose text PostgreSQL cannot store (a NUL character), as the live
 * consumers dead-letter it, and keeps one that only mentions the escape.
 */
class NulRecordsTest {

  private static boolean holdsNul(String json) {
    return Rebuild.holdsNul(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aNulInAnyStringIsFoundAndAnEscapedBackslashIsNot() {
    assertThat(holdsNul("{\"agent_name\":\"a\\u0000b\"}")).isTrue();
    assertThat(holdsNul("{\"steps\":[{\"title\":\"\\u0000\"}]}")).isTrue();
    assertThat(holdsNul("{\"title\":\"a literal \\\\u0000 in text\"}")).isFalse();
    assertThat(holdsNul("{\"title\":\"plain\"}")).isFalse();
  }
}
