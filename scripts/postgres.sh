#!/usr/bin/env bash
# Runs a disposable PostgreSQL for the test suite and prints its URL as the last line of stdout.
#   url=$(bash scripts/postgres.sh start [port])   # installs Debian's postgresql if it is missing
#   bash scripts/postgres.sh stop [port]
# Each port has its own data directory, ${TMPDIR:-/tmp}/incountry-ts-pg-<port>, wiped on start. A start
# never touches a server that is running: if one answers on the port, or runs from that directory, it
# refuses, so two runs (or a run and a shared server) cannot wipe each other's data.
set -euo pipefail
cmd="${1:-start}"
port="${2:-55433}"
case "$port" in ''|*[!0-9]*) echo "port must be a number" >&2; exit 2 ;; esac
root="${TMPDIR:-/tmp}/incountry-ts-pg-$port"

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pgbin="$(find_bin || true)"
case "$cmd" in
  stop)
    if [ -n "$pgbin" ] && [ -d "$root/data" ]; then as_pg "$pgbin/pg_ctl" -D "$root/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$root"
    exit 0 ;;
  start) ;;
  *) echo "usage: $0 start [port] | stop [port]" >&2; exit 2 ;;
esac

if [ -z "$pgbin" ]; then
  echo "installing postgresql from Debian packages..." >&2
  if [ "$(id -u)" -ne 0 ]; then echo "need root to apt-get install postgresql" >&2; exit 1; fi
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  pgbin="$(find_bin)"
fi

if [ -d "$root/data" ] && as_pg "$pgbin/pg_ctl" -D "$root/data" status >/dev/null 2>&1; then
  echo "a PostgreSQL started by this script still runs from $root; stop it first: bash $0 stop $port" >&2
  exit 1
fi
if "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  echo "port $port is already served by another PostgreSQL; pick another port: bash $0 start <port>" >&2
  exit 1
fi
rm -rf "$root"
mkdir -p "$root"
if [ "$(id -u)" -eq 0 ]; then chown postgres "$root"; fi
as_pg "$pgbin/initdb" -D "$root/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pgbin/pg_ctl" -D "$root/data" -l "$root/server.log" -w \
  -o "-p $port -k $root -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres incountry_test
echo "postgres://postgres@127.0.0.1:$port/incountry_test"
