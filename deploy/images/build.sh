#!/usr/bin/env bash
# Builds the three services' container images as OCI tarballs without a Docker daemon or a
# registry (see runtime.sh and the `images` profile of the parent pom), then checks each one:
# its Java runtime and then the service start inside the image's own file system (chroot), as the
# image's user.
set -euo pipefail
cd "$(dirname "$0")/../.."
deploy/images/runtime.sh target/image-root
./mvnw -B -q -Pimages -DskipTests package -pl execution-service,approval-service,dashboard-service -am
for service in execution-service approval-service dashboard-service; do
  tarball="$service/target/jib-image.tar"
  root="$(mktemp -d)"
  tar --warning=no-unknown-keyword -xf "$tarball" -C "$root"
  rootfs="$root/rootfs"
  mkdir -p "$rootfs"
  # OCI layout: index.json -> manifest -> layers (gzip tarballs), applied in order.
  manifest="$(node -e '
    const fs = require("fs"), dir = process.argv[1];
    const blob = (d) => dir + "/blobs/" + d.replace(":", "/");
    const index = JSON.parse(fs.readFileSync(dir + "/index.json"));
    const manifest = JSON.parse(fs.readFileSync(blob(index.manifests[0].digest)));
    const config = JSON.parse(fs.readFileSync(blob(manifest.config.digest)));
    console.log(manifest.layers.map((l) => blob(l.digest)).join(" "));
    console.error(`${process.argv[2]}: user ${config.config.User}, ports ${Object.keys(config.config.ExposedPorts ?? {})}, ${manifest.layers.length} layers`);
  ' "$root" "$service")"
  for layer in $manifest; do tar --warning=no-unknown-keyword -xzf "$layer" -C "$rootfs"; done
  test -s "$rootfs/app/jib-main-class-file"
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LD_LIBRARY_PATH=/opt/java/lib chroot --userspec=10001:10001 "$rootfs" \
    /opt/java/bin/java -cp "@/app/jib-classpath-file" -version 2>&1 | head -1
  # The service itself starts in the image up to its database (none here: a refused loopback
  # port), which shows the runtime holds every module and library the application needs.
  log="$root/start.log"
  timeout 180 env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LD_LIBRARY_PATH=/opt/java/lib \
    DATABASE_URL=jdbc:postgresql://127.0.0.1:1/pilot KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1 SECURITY_MODE=basic \
    chroot --userspec=10001:10001 "$rootfs" /opt/java/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -cp @/app/jib-classpath-file @/app/jib-main-class-file > "$log" 2>&1 || true
  if ! grep -q "Starting .*Application using Java" "$log" || ! grep -q "Connection to 127.0.0.1:1 refused" "$log"; then
    echo "$service: the image did not start its application up to the database:" >&2
    tail -40 "$log" >&2
    exit 1
  fi
  echo "$service: $(du -h "$tarball" | cut -f1) image, main class $(cat "$rootfs/app/jib-main-class-file"), starts up to its database"
  rm -rf "$root"
done
