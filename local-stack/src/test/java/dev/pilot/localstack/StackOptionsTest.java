package dev.pilot.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StackOptionsTest {

  @Test
  void keepsDataUnderTheRepositoryByDefault() {
    StackOptions options = StackOptions.parse("--root=/repo");

    assertThat(options.dataDir()).isEqualTo(Path.of("/repo/.local-data"));
    assertThat(options.logsDir()).isEqualTo(Path.of("/repo/.local-data/logs"));
    assertThat(options.infraOnly()).isFalse();
    assertThat(options.demoData()).isTrue();
  }

  @Test
  void startsOnlyKafkaAndPostgresWhenAsked() {
    StackOptions options = StackOptions.parse("--root=/repo", "--infra-only", "--no-demo-data");

    assertThat(options.infraOnly()).isTrue();
    assertThat(options.demoData()).isFalse();
  }

  @Test
  void rejectsAnUnknownOptionWithTheUsage() {
    assertThatThrownBy(() -> StackOptions.parse("--frobnicate"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--frobnicate")
        .hasMessageContaining("--infra-only");
  }
}
