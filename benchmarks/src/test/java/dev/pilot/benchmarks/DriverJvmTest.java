package dev.pilot.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DriverJvmTest {

  @Test
  void aDriverStartedWithoutItsFlagsIsToldWhichToAdd() {
    assertThat(DriverJvm.missing(List.of("-Xmx2g", "-XX:+UseParallelGC")))
        .isEqualTo(DriverJvm.FLAGS);
  }

  @Test
  void aDriverStartedWithItsFlagsIsNotStartedAgain() {
    assertThat(DriverJvm.missing(DriverJvm.FLAGS)).isEmpty();
  }

  @Test
  void aCompilerSettingTheCallerChoseIsKept() {
    assertThat(DriverJvm.missing(List.of("-XX:TieredStopAtLevel=4"))).isEmpty();
  }
}
