#!/usr/bin/env bash
# Makes sure Redis (127.0.0.1:6379) answers and Debian's Chromium is installed (/usr/bin/chromium,
# for the GraphiQL browser test), as the tests need. Idempotent: a service that answers is left
# alone; one that does not is started, after installing Debian's package when it is missing.
# PostgreSQL is not installed here: the test setup uses the server on 127.0.0.1:5432 when one
# answers, else starts wxcast's embedded PostgreSQL (an npm dependency) for the run.
set -euo pipefail

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "services.sh: need root (or sudo) to run: $*" >&2; return 1; fi
}

apt_updated=no
install_packages() {
  if [ "$apt_updated" = no ]; then as_root apt-get update -qq; apt_updated=yes; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

wait_for() { # port name
  for _ in $(seq 1 60); do answers "$1" && return 0; sleep 0.5; done
  echo "services.sh: $2 does not answer on 127.0.0.1:$1 after 30 s" >&2
  return 1
}

ensure_redis() {
  if answers 6379; then return 0; fi
  if ! command -v redis-server >/dev/null; then
    echo "services.sh: installing Redis (Debian package redis-server)"
    install_packages redis-server
  fi
  if ! answers 6379; then # the package may have started it
    echo "services.sh: starting Redis"
    as_root mkdir -p /var/lib/redis /var/log/redis
    as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
  fi
  wait_for 6379 Redis
}

ensure_chromium() {
  if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then return 0; fi
  echo "services.sh: installing Chromium (Debian package chromium) for the browser test"
  install_packages chromium
}

ensure_redis
ensure_chromium
echo "services.sh: Redis on 127.0.0.1:6379 is up; Chromium is installed"
