package dev.pilot.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {

  @Test
  void readsTheCpuTicksOfAProcessAndOfItsReapedChildren() {
    ProcStat stat =
        ProcStat.parse(
            "4242 (postgres) S 4200 4242 4242 0 -1 4194560 1639 2740 0 0 120 35 900 410 20 0 1 0"
                + " 12345 226512896 4512 18446744073709551615 1 1 0 0 0 0 0 16781312 0 0 0 0 17 1"
                + " 0 0 0 0 0\n");

    assertThat(stat.pid()).isEqualTo(4242);
    assertThat(stat.parentPid()).isEqualTo(4200);
    assertThat(stat.ownTicks()).isEqualTo(155);
    assertThat(stat.ticksWithReapedChildren()).isEqualTo(155 + 1310);
  }

  @Test
  void aCommandWithSpacesAndParenthesesDoesNotShiftTheFields() {
    ProcStat stat =
        ProcStat.parse("77 (Web Content (x) 2) R 1 77 77 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 1 1 1");

    assertThat(stat.command()).isEqualTo("Web Content (x) 2");
    assertThat(stat.parentPid()).isEqualTo(1);
    assertThat(stat.ownTicks()).isEqualTo(10);
  }

  @Test
  void thisProcessHasUsedSomeCpu() {
    assertThat(ProcStat.of(ProcessHandle.current().pid()))
        .get()
        .extracting(ProcStat::ownTicks)
        .satisfies(ticks -> assertThat(ticks).isPositive());
  }

  @Test
  void theJitCompilersOfThisJvmUsedSomeButNotAllOfItsCpu() {
    long pid = ProcessHandle.current().pid();

    long compilers = CpuMeter.compilerTicks(pid);

    assertThat(compilers).isPositive();
    assertThat(compilers).isLessThan(ProcStat.of(pid).orElseThrow().ownTicks());
  }

  @Test
  void aLineThatIsNotAStatLineIsRejected() {
    assertThatThrownBy(() -> ProcStat.parse("no parentheses here"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
