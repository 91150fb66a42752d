# Sourced, not run: the one rule for which JDK the product ships (images), is benchmarked and CI-tested on.
# Java 25 where the machine has it (Temurin 25 on this kind of machine): the current LTS, and the
# JVM the images ship, so tests and benchmarks run on it too (ADR 3's amendment; side by side it
# is not faster than 17 here). Callers fall back to their default JDK (Debian's 17) when
# java25_home prints nothing; the compile release stays 17.

# Prints the home of the newest Java 25 JDK under DIR (default /usr/lib/jvm), or nothing.
java25_home() {
  local home version
  for home in "${1:-/usr/lib/jvm}"/*25*; do
    if [ ! -x "$home/bin/java" ] || [ ! -f "$home/release" ]; then continue; fi
    version="$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$home/release")"
    case "$version" in 25 | 25.*) printf '%s %s\n' "$version" "$(readlink -f "$home")" ;; esac
  done | sort -V | tail -1 | cut -d' ' -f2-
}
