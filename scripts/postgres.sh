#!/usr/bin/env bash
# Runs a disposable PostgreSQL for the test suite and prints its URL as the last line of stdout.
#   url=$(bash scripts/postgres.sh start [port])   # installs Debian's postgresql if it is missing
#   bash scripts/postgres.sh stop
# The data directory lives under ${TMPDIR:-/tmp}/incountry-ts-pg and is wiped on every start.
set -euo pipefail
cmd="${1:-start}"
port="${2:-55433}"
root="${TMPDIR:-/tmp}/incountry-ts-pg"

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pgbin="$(find_bin || true)"
case "$cmd" in
  stop)
    if [ -n "$pgbin" ] && [ -d "$root/data" ]; then as_pg "$pgbin/pg_ctl" -D "$root/data" -m immediate stop >/dev/null 2>&1 || true; fi
    exit 0 ;;
  start) ;;
  *) echo "usage: $0 start [port] | stop" >&2; exit 2 ;;
esac

if [ -z "$pgbin" ]; then
  echo "installing postgresql from Debian packages..." >&2
  if [ "$(id -u)" -ne 0 ]; then echo "need root to apt-get install postgresql" >&2; exit 1; fi
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  pgbin="$(find_bin)"
fi

if [ -d "$root/data" ]; then as_pg "$pgbin/pg_ctl" -D "$root/data" -m immediate stop >/dev/null 2>&1 || true; fi
rm -rf "$root"
mkdir -p "$root"
if [ "$(id -u)" -eq 0 ]; then chown postgres "$root"; fi
as_pg "$pgbin/initdb" -D "$root/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$root/data" -l "$root/server.log" -w \
  -o "-p $port -k $root -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres incountry_test
echo "postgres://postgres@127.0.0.1:$port/incountry_test"
