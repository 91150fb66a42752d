package dev.pilot.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void headlineFiguresRunWithSynchronousCommitOnAndOneInstanceByDefault() {
    Options options = Options.parse(List.of());

    assertThat(options.synchronousCommit()).isTrue();
    assertThat(options.instances()).isEqualTo(1);
    assertThat(options.runs()).isEqualTo(1500);
    assertThat(options.warmup()).isEqualTo(1500);
    assertThat(options.phases()).isEqualTo(Options.ALL_PHASES);
  }

  @Test
  void optionsChooseTheDatabaseSettingInstancesAndPhases() {
    Options options =
        Options.parse(
            List.of("--sync-commit=off", "--instances=2", "--only=throughput,steady", "--runs=50"));

    assertThat(options.synchronousCommit()).isFalse();
    assertThat(options.instances()).isEqualTo(2);
    assertThat(options.runs("steady")).isTrue();
    assertThat(options.runs("fanout")).isFalse();
    assertThat(options.runs()).isEqualTo(50);
    assertThat(options.warmup()).isEqualTo(50);
    assertThat(Options.parse(List.of("--runs=50", "--warmup=10")).warmup()).isEqualTo(10);
  }

  @Test
  void serviceJvmFlagsAreAddedAfterTheDefaultsSoTheyWin() {
    Options options =
        Options.parse(List.of("--service-jvm-flags= -XX:TieredStopAtLevel=1  -Xmx512m "));

    assertThat(options.serviceJvmFlags()).containsExactly("-XX:TieredStopAtLevel=1", "-Xmx512m");
    assertThat(BenchSystem.jvmFlags(options.serviceJvmFlags()))
        .startsWith(BenchSystem.JVM_FLAGS.toArray(String[]::new))
        .endsWith("-XX:TieredStopAtLevel=1", "-Xmx512m");
    assertThat(Options.parse(List.of()).serviceJvmFlags()).isEmpty();
  }

  @Test
  void aMistypedOptionIsRefusedNamingIt() {
    assertThatThrownBy(() -> Options.parse(List.of("--instance=2")))
        .hasMessageContaining("--instance=2");
    assertThatThrownBy(() -> Options.parse(List.of("--sync-commit=maybe")))
        .hasMessageContaining("on or off");
  }
}
