package dev.pilot.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One line of {@code /proc/<pid>/stat}: the CPU a process has used, in clock ticks.
 *
 * @param utime user time of the process (all its threads)
 * @param stime system time of the process
 * @param childrenUtime user time of its children that have exited and been waited for
 * @param childrenStime system time of those children
 */
record ProcStat(
    long pid,
    String command,
    long parentPid,
    long utime,
    long stime,
    long childrenUtime,
    long childrenStime) {

  /**
   * Parses a stat line. The command is in parentheses and may itself contain spaces and
   * parentheses, so the fields are counted from the last ')'.
   */
  static ProcStat parse(String line) {
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open) {
      throw new IllegalArgumentException("not a /proc stat line: " + line);
    }
    String[] rest = line.substring(close + 2).strip().split(" +");
    // rest[0] is field 3 (state): field n of proc(5) is rest[n - 3].
    return new ProcStat(
        Long.parseLong(line.substring(0, open).strip()),
        line.substring(open + 1, close),
        Long.parseLong(rest[4 - 3]),
        Long.parseLong(rest[14 - 3]),
        Long.parseLong(rest[15 - 3]),
        Long.parseLong(rest[16 - 3]),
        Long.parseLong(rest[17 - 3]));
  }

  /** The process's stat now, or empty when it has gone. */
  static Optional<ProcStat> of(long pid) {
    try {
      return Optional.of(parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
    } catch (IOException | RuntimeException gone) {
      return Optional.empty();
    }
  }

  /** Ticks used by the process itself. */
  long ownTicks() {
    return utime + stime;
  }

  /** Ticks used by the process and every child it has reaped. */
  long ticksWithReapedChildren() {
    return utime + stime + childrenUtime + childrenStime;
  }
}
