#!/usr/bin/env bash
# Assembles the bottom of the services' images without any registry: a Java runtime made by jlink
# from the machine's JDK and the shared libraries it needs, copied from its Debian packages, under
# target/image-root/. Jib (`-Pimages`) builds each service's image FROM scratch with this directory
# as its first layer.
# Which JDK: JLINK_JAVA_HOME if set; else the newest Java 25 JDK under /usr/lib/jvm (Temurin 25 here,
# deploy/java-home.sh: the JVM the benchmarks measure) if its jlink can link without jmods, from its
# own run-time image (JEP 493, enabled in Temurin's build); else the JDK of `javac` (Debian's 17),
# which needs its jmods (openjdk-17-jmods). The classes stay compiled for release 17.
set -euo pipefail
root="${1:?usage: runtime.sh <output dir>}"
# shellcheck source=deploy/java-home.sh
. "$(dirname "$0")/../java-home.sh"
linkable() { # JDK home: can its jlink make a runtime here?
  [ -d "$1/jmods" ] || "$1/bin/jlink" --help 2>/dev/null | grep -q "Linking from run-time image enabled"
}
java_home="${JLINK_JAVA_HOME:-}"
if [ -z "$java_home" ]; then
  java_home="$(java25_home)"
  if [ -z "$java_home" ] || ! linkable "$java_home"; then
    java_home="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
  fi
fi
linkable "$java_home" || { echo "$java_home cannot link without jmods (apt-get install openjdk-17-jmods)" >&2; exit 1; }
# --compress=2 is deprecated from JDK 21 on; zip-6 is the same level.
compress=2
[ "$("$java_home/bin/jlink" --version | cut -d. -f1)" -lt 21 ] || compress=zip-6
echo "runtime: jlink of $("$java_home/bin/java" -version 2>&1 | head -1) ($java_home)"
rm -rf "$root"
mkdir -p "$root/opt" "$root/tmp" "$root/etc"
"$java_home/bin/jlink" --add-modules java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.net,jdk.unsupported,jdk.zipfs,jdk.localedata \
  --include-locales=en --strip-debug --no-man-pages --no-header-files --compress="$compress" \
  --output "$root/opt/java"
# Debian's JDK points its CA store at the system's; the image carries the file itself.
if [ -L "$root/opt/java/lib/security/cacerts" ] || [ ! -s "$root/opt/java/lib/security/cacerts" ]; then
  cp --remove-destination "$(readlink -f "$java_home/lib/security/cacerts")" "$root/opt/java/lib/security/cacerts"
fi
# Every shared library the runtime loads, with the loader, at the paths it looks for them.
# (Not those of the desktop's native parts: a server never loads AWT, fonts or sound.)
find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) \
  ! -regex '.*/lib\(awt\|awt_xawt\|awt_headless\|fontmanager\|jsound\|splashscreen\|jawt\|lcms\|javajpeg\|mlib_image\)\.so' \
  -exec ldd {} \; 2>/dev/null \
  | awk '/=> \// {print $3} /^[ \t]*\/lib64\// {print $1}' | sort -u \
  | grep -v "^$root" \
  | while read -r lib; do
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
printf 'root:x:0:0::/:/sbin/nologin\npilot:x:10001:10001::/tmp:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\npilot:x:10001:\n' > "$root/etc/group"
du -sh "$root" | awk '{print "runtime layer: " $1}'
