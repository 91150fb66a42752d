#!/usr/bin/env bash
# Builds the three services' container images as OCI tarballs without a Docker daemon or a
# registry (see runtime.sh and the `images` profile of the parent pom), then checks each one:
# its Java runtime, its health check (docker-compose.yml's, verbatim) and then the service start
# inside the image's own file system (chroot), as the image's user.
#
#   deploy/images/build.sh           # tarballs in <service>/target/jib-image.tar
#   deploy/images/build.sh --load    # and `docker load` each into the local Docker engine
set -euo pipefail
cd "$(dirname "$0")/../.."
load=false
for arg in "$@"; do
  case "$arg" in
    --load) load=true ;;
    *) echo "usage: $0 [--load]" >&2; exit 2 ;;
  esac
done
if $load && ! docker info >/dev/null 2>&1; then
  echo "--load needs a running Docker engine (docker info failed)" >&2
  exit 1
fi
services="execution-service approval-service dashboard-service"
declare -A ports=([execution-service]=8081 [approval-service]=8082 [dashboard-service]=8080)
version="$(sed -n '0,/<artifactId>pilot-parent<\/artifactId>/d; s:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
# The health check as docker-compose.yml runs it inside a container: the image's own Java (no shell,
# no curl) runs dev.pilot.platform.health.HealthProbe from the service's class path.
probe=(/opt/java/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xmx32m
  -cp @/app/jib-classpath-file dev.pilot.platform.health.HealthProbe)
for service in $services; do
  expected="$(printf '"%s", ' CMD "${probe[@]}" "${ports[$service]}")"
  expected="test: [${expected%, }]"
  grep -qF "$expected" docker-compose.yml || {
    echo "docker-compose.yml: $service's health check is not the one checked here: $expected" >&2
    exit 1
  }
done
# A stand-in for a ready service on loopback (chroot shares the network): 200 on the readiness path.
ready_log="$(mktemp)"
node -e '
  const server = require("http").createServer((req, res) => {
    res.statusCode = req.url === "/actuator/health/readiness" ? 200 : 404;
    res.end();
  });
  server.listen(0, "127.0.0.1", () => console.log(server.address().port));
' > "$ready_log" &
ready_pid=$!
trap 'kill "$ready_pid" 2>/dev/null || true; rm -f "$ready_log"' EXIT
deploy/images/runtime.sh target/image-root
./mvnw -B -q -Pimages -DskipTests package -pl execution-service,approval-service,dashboard-service -am
ready_port="$(head -1 "$ready_log")"
[ -n "$ready_port" ] || { echo "the loopback stand-in did not start" >&2; exit 1; }
for service in $services; do
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
  # The health check: healthy against a ready service, unhealthy where nothing listens.
  in_image=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LD_LIBRARY_PATH=/opt/java/lib chroot --userspec=10001:10001 "$rootfs")
  if ! "${in_image[@]}" "${probe[@]}" "$ready_port"; then
    echo "$service: the image's health check failed against a ready service" >&2
    exit 1
  fi
  if "${in_image[@]}" "${probe[@]}" 1 2>/dev/null; then
    echo "$service: the image's health check passed with no service listening" >&2
    exit 1
  fi
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
  echo "$service: $(du -h "$tarball" | cut -f1) image, main class $(cat "$rootfs/app/jib-main-class-file"), health check works, starts up to its database"
  rm -rf "$root"
done
if $load; then
  for service in $services; do
    name="pilot/$service:$version"
    loaded="$(docker load -i "$service/target/jib-image.tar")"
    echo "$loaded"
    # An engine that loads the OCI archive without its name reports only an ID: name it.
    id="$(sed -n 's/^Loaded image ID: //p' <<<"$loaded" | head -1)"
    if [ -n "$id" ] && ! docker image inspect "$name" >/dev/null 2>&1; then
      docker tag "$id" "$name"
    fi
    docker image inspect "$name" >/dev/null
    echo "$service: loaded as $name"
  done
fi
