#!/usr/bin/env bash
# Assembles the bottom of the services' images without any registry: a Java runtime made by jlink
# from the machine's JDK (Debian's openjdk-17 with its jmods) and the shared libraries it needs,
# copied from the machine's Debian packages, under target/image-root/. Jib (`-Pimages`) builds each
# service's image FROM scratch with this directory as its first layer.
set -euo pipefail
root="${1:?usage: runtime.sh <output dir>}"
java_home="${JLINK_JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
[ -d "$java_home/jmods" ] || { echo "no jmods in $java_home (apt-get install openjdk-17-jmods)" >&2; exit 1; }
rm -rf "$root"
mkdir -p "$root/opt" "$root/tmp" "$root/etc"
"$java_home/bin/jlink" --add-modules java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.net,jdk.unsupported,jdk.zipfs,jdk.localedata \
  --include-locales=en --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$root/opt/java" 2>/dev/null
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
