#!/usr/bin/env bash
# Checks the package as users get it: the packed tarball, installed from the npm registry in temporary
# folders. Run by .ci/run as its own step after `npm test`, on every Node line (it needs the registry and
# takes 3-8 minutes, mostly npm installs and tsc).
#
#   1. publint and @arethetypeswrong/cli on the tarball;
#   2. a client-only install: no server stack in node_modules, no engine warnings, the SDK reaches a PoP,
#      and loading incountry-ts/server or `incountry pop` fails with one line naming the install command;
#   3. the consumer matrix (ESM nodenext; CommonJS node10/node16/nodenext, the last two also with
#      skipLibCheck off; bundler; a `declaration: true` library; plain JS require and import): each
#      type-checks (strict) and runs its program against a local PoP that the tarball's own
#      `incountry pop` serves;
#   4. esbuild bundles of a client program (platform node, CommonJS and ESM, no banner or shims) run from
#      a folder with no node_modules against that PoP;
#   5. an Express app without @nestjs/common maps errors to statuses with storageErrorResponse;
#   6. a NestJS 11 app shaped like the 2025 `nest new` starter (CommonJS, Jest + ts-jest): tsc build,
#      `node dist/main.js` serves requests, its e2e test passes;
#   7. a NestJS 12 app shaped like today's `nest new` (ESM, TypeScript 6, Vitest, `declaration: true`, a
#      Proxy-wrapping `instrument`), installed without --legacy-peer-deps: build, `node dist/main.js`, e2e
#      against IncountryTestingModule and against `incountry pop` (Node 22+ only: Nest 12 pulls
#      file-type@22, which declares Node 22);
#   8. the test-d corpus and the consumer matrix on every TypeScript line (TS_LINES, from the minimum to
#      the native TypeScript 7).
#   9. the client entry loads no @opentelemetry package, and incountry-ts/otel records spans and metrics
#      without record data in a consumer with the OpenTelemetry SDK;
#  10. the tarball's `incountry pop` serves the inspector page (HTML, module, stylesheet).
#
# Usage: bash scripts/check-package.sh [--reuse-dist]
#   (from a checkout with node_modules; builds dist/ first unless --reuse-dist, which CI passes because
#   `npm test` has just built it)
#   CHECK_PACKAGE_TS_LINES=0 skips step 8: .ci/run sets it on the extra Node lines, since what a compiler
#   accepts does not depend on the Node that runs it.
set -euo pipefail

MIN_TYPESCRIPT=5.5 # keep in step with README and peerDependencies.typescript
CURRENT_TYPESCRIPT=~5.9
# The TypeScript lines of step 8; 7.0 is the native compiler (its `tsc` is a Node launcher for a binary,
# and it has no JavaScript API).
TS_LINES=("$MIN_TYPESCRIPT" 5.9 6.0 7.0)

# Checks that wait on other branches of issue 21. Each still runs; while its name is listed here, its
# failure is printed as PENDING instead of failing the check. The lead deletes an entry once the branch
# it names is merged (a pending check that passes says so at the end).
PENDING=()

repo="$(cd "$(dirname "$0")/.." && pwd)"
fixtures="$repo/scripts/package-check"
work="$(mktemp -d)"
pop_pid=""
app_pid=""
consumer_install=""
ts_install=""
nest12_install=""
node_major="$(node -p 'process.versions.node.split(".")[0]')"
ts_lines=1
[ "${CHECK_PACKAGE_TS_LINES:-1}" = 0 ] && ts_lines=0
cleanup() {
  for pid in "$consumer_install" "$ts_install" "$nest12_install"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$pop_pid" ] && kill "$pop_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

npm_install() { npm install --no-audit --no-fund --loglevel=warn "$@"; }
step() { printf '\n== %s (%ss)\n' "$*" "$SECONDS"; }
fail() {
  echo "check-package: $*" >&2
  exit 1
}
rows=()
row() { rows+=("$(printf '| %-58s | %-10s | %-4s | %-4s | %-8s |' "$@")"); }
notes=()
pending_passed=()
pending_failed=()
# guarded NAME FUNCTION…: runs FUNCTION in a subshell with errexit and sets `outcome` to ok, or to PEND
# when it failed while NAME is PENDING (then it prints why); any other failure fails the check. Call it
# as a plain command, never inside `if` or `&&`, where bash ignores errexit in the subshell.
outcome=""
guarded() {
  local name="$1" entry why="" rc
  shift
  for entry in "${PENDING[@]}"; do [ "${entry%%:*}" = "$name" ] && why="${entry#*: }"; done
  set +e
  (
    set -e
    "$@"
  )
  rc=$?
  set -e
  outcome=ok
  if [ "$rc" = 0 ]; then
    if [ -n "$why" ]; then pending_passed+=("$name"); fi
    return 0
  fi
  [ -n "$why" ] || fail "$name failed"
  pending_failed+=("$name")
  notes+=("PENDING $name failed, as expected until: $why")
  echo "PENDING $name failed (expected until: $why)"
  outcome=PEND
}
peer() { node -p "require('$repo/package.json').peerDependencies['$1']"; }
# wait_for_log NAME PID LOG PATTERN: up to 10 s for PATTERN in LOG, failing at once if PID exits.
wait_for_log() {
  for _ in $(seq 1 100); do
    grep -q "$4" "$3" && return 0
    kill -0 "$2" 2>/dev/null || fail "$1 exited: $(cat "$3")"
    sleep 0.1
  done
}

step "build and pack"
if [ "${1:-}" != "--reuse-dist" ] || [ ! -e "$repo/dist/index.cjs" ]; then (cd "$repo" && npm run --silent build >/dev/null); fi
(cd "$repo" && npm pack --silent --pack-destination "$work" >/dev/null)
tgz="$(ls "$work"/incountry-ts-*.tgz)"
echo "$(basename "$tgz"): $(du -k "$tgz" | cut -f1) kB, $(tar tzf "$tgz" | wc -l) files"

# The two installs from the registry run in the background while the tarball is linted.
mkdir "$work/consumers"
# The override is the README's advice for Node 20 (light-my-request 6.7+ needs cookie@2, Node 22).
echo '{ "name": "consumers", "version": "1.0.0", "private": true, "overrides": { "light-my-request": "6.6.0" } }' \
  >"$work/consumers/package.json"
# better-sqlite3 at the version this checkout compiled, so its native binary can be reused below.
sqlite_version="$(node -p "require('$repo/node_modules/better-sqlite3/package.json').version")"
(
  cd "$work/consumers"
  npm_install --ignore-scripts "$tgz" zod "typescript@$CURRENT_TYPESCRIPT" @types/node@20 \
    "fastify@$(peer fastify)" "@fastify/multipart@$(peer @fastify/multipart)" "kysely@$(peer kysely)" \
    "pg@$(peer pg)" "better-sqlite3@$sqlite_version" @types/pg @types/better-sqlite3 \
    @nestjs/common@11 @nestjs/core@11 @nestjs/platform-express@11 @nestjs/testing@11 reflect-metadata rxjs \
    jest@30 ts-jest@29 @types/jest@30 supertest@7 @types/supertest@6 \
    "@opentelemetry/api@$(node -p "require('$repo/package.json').devDependencies['@opentelemetry/api']")" \
    @opentelemetry/sdk-trace-base@2 @opentelemetry/sdk-metrics@2 @opentelemetry/context-async-hooks@2
) >"$work/consumers-install.log" 2>&1 &
consumer_install=$!
if [ "$ts_lines" = 1 ]; then
  # One folder, one npm alias per line (node_modules/ts5.5, …/ts7.0), each with its own bin/tsc.
  mkdir "$work/ts"
  echo '{ "private": true }' >"$work/ts/package.json"
  aliases=()
  for v in "${TS_LINES[@]}"; do aliases+=("ts$v@npm:typescript@~$v"); done
  (cd "$work/ts" && npm_install "${aliases[@]}") >"$work/ts-install.log" 2>&1 &
  ts_install=$!
fi
# The Nest 12 app installs as a user's would, without --legacy-peer-deps, with the local PoP's packages as
# dev dependencies (its package.json). Only the native compile is skipped (see the consumers).
if [ "$node_major" -ge 22 ]; then
  cp -r "$fixtures/nest12-app" "$work/nest12"
  (cd "$work/nest12" && npm_install --ignore-scripts "$tgz" zod "better-sqlite3@$sqlite_version") \
    >"$work/nest12-install.log" 2>&1 &
  nest12_install=$!
fi

step "publint and attw on the tarball"
(cd "$repo" && npx --no-install publint run --strict "$tgz")
(cd "$repo" && npx --no-install attw "$tgz")

step "client-only install: npm install incountry-ts zod"
mkdir "$work/client" && cd "$work/client"
echo '{ "name": "client-only", "version": "1.0.0", "private": true }' >package.json
npm_install "$tgz" zod 2>&1 | tee install.log
if grep -q EBADENGINE install.log; then fail "engine warnings in a client-only install"; fi
for name in fastify @fastify/multipart kysely pg better-sqlite3 light-my-request cookie @opentelemetry/api; do
  if [ -e "node_modules/$name" ]; then fail "a client-only install contains $name"; fi
done
count="$(npm ls --all --parseable 2>/dev/null | tail -n +2 | sort -u | wc -l)"
echo "client-only install: $count packages, $(du -sk node_modules | cut -f1) kB in node_modules, none of fastify/kysely/pg/better-sqlite3"
for how in "require" "import" "cli"; do
  case "$how" in
    require) out="$(node -e "require('incountry-ts/server')" 2>&1)" && fail "require('incountry-ts/server') loaded without fastify" ;;
    import) out="$(node --input-type=module -e "await import('incountry-ts/server')" 2>&1)" && fail "import('incountry-ts/server') loaded without fastify" ;;
    cli) out="$(timeout 30 ./node_modules/.bin/incountry pop --port 0 2>&1)" && fail "incountry pop started without fastify" ;;
  esac
  line="$(grep -c 'incountry-ts/server cannot load: .*npm install -D fastify@' <<<"$out" || true)"
  [ "$line" = 1 ] || fail "$how of incountry-ts/server without its packages did not print the install line:"$'\n'"$out"
  echo "$how without server packages: $(grep 'incountry-ts/server cannot load' <<<"$out")"
done

step "consumer install finishing"
wait "$consumer_install" || fail "consumer install failed: $(tail -n 20 "$work/consumers-install.log")"
if grep -q EBADENGINE "$work/consumers-install.log"; then fail "engine warnings: $(grep EBADENGINE "$work/consumers-install.log")"; fi
cd "$work/consumers"
# --ignore-scripts skipped better-sqlite3's compile (about 1.5 min); its binary is the one npm ci built here,
# for the same version, Node and platform (what prebuild-install would download).
mkdir -p node_modules/better-sqlite3/build/Release
cp "$repo/node_modules/better-sqlite3/build/Release/better_sqlite3.node" node_modules/better-sqlite3/build/Release/

step "local PoP from the tarball's bin: incountry pop --port 0"
./node_modules/.bin/incountry pop --port 0 >"$work/pop.log" 2>&1 &
pop_pid=$!
wait_for_log "incountry pop" "$pop_pid" "$work/pop.log" 'http://'
pop_url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/pop.log" | head -n 1)"
[ -n "$pop_url" ] || fail "incountry pop printed no URL: $(cat "$work/pop.log")"
echo "PoP at $pop_url"
# The inspector's page, module and stylesheet are served from the tarball's dist/inspector/.
for asset in /_pop/ui /_pop/ui/inspector.js /_pop/ui/inspector.css; do
  status="$(node -e 'fetch(process.argv[1]).then((r) => console.log(r.status))' "$pop_url$asset")"
  [ "$status" = 200 ] || fail "the inspector's $asset answered $status"
done
export INC_ENDPOINT="$pop_url" INC_AUTH_ENDPOINT="$pop_url/oauth2/token" INC_COUNTRIES_ENDPOINT="$pop_url/countries"
export INC_ENVIRONMENT_ID=local-dev INC_CLIENT_ID=local-client INC_CLIENT_SECRET=local-secret

(cd "$work/client" && node "$fixtures/consumers/client-only.mjs")
# The client entry never loads OpenTelemetry (the otel subpath is the only one that does).
node "$fixtures/client-imports.mjs" "$work/client/node_modules/incountry-ts/dist/index.js" \
  "$work/client/node_modules/incountry-ts/dist/index.cjs" || fail "the client entry loads @opentelemetry"

step "OpenTelemetry consumer: incountry-ts/otel with sdk-trace-base and sdk-metrics"
cp "$fixtures/consumers/otel.mjs" "$work/consumers/"
(cd "$work/consumers" && node otel.mjs) || fail "the OpenTelemetry consumer failed"
row "ESM, incountry-ts/otel with the 2.x SDK" "-" ok "-"

step "consumer matrix"
# name, package.json type, module, moduleResolution, skipLibCheck, declaration, program
matrix=(
  "esm-nodenext module nodenext nodenext true false smoke"
  "cjs-node10 commonjs commonjs node10 true false smoke"
  "cjs-node16 commonjs node16 node16 true false smoke"
  "cjs-nodenext commonjs nodenext nodenext true false smoke"
  "cjs-node16-strict commonjs node16 node16 false false smoke"
  "cjs-nodenext-strict commonjs nodenext nodenext false false smoke"
  "bundler module esnext bundler true false smoke"
  "declarations module nodenext nodenext true true declarations"
)
ts_current="$(node -p "require('$work/consumers/node_modules/typescript/package.json').version")"
consumer_dirs=()
run_consumer() {
  (cd "$2" && ../node_modules/.bin/tsc -p .) || fail "$1: tsc failed"
  (cd "$2" && node "dist/$3.js" "$1") || fail "$1: the program failed"
}
for entry in "${matrix[@]}"; do
  read -r name type module resolution skip_lib declaration program <<<"$entry"
  dir="$work/consumers/$name"
  mkdir "$dir" && cp "$fixtures/consumers/$program.ts" "$dir/"
  echo "{ \"name\": \"$name\", \"private\": true, \"type\": \"$type\" }" >"$dir/package.json"
  cat >"$dir/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "module": "$module", "moduleResolution": "$resolution", "target": "ES2022", "lib": ["ES2023"],
    "types": ["node"], "strict": true, "esModuleInterop": true, "skipLibCheck": $skip_lib,
    "declaration": $declaration, "outDir": "dist"
  },
  "files": ["$program.ts"]
}
JSON
  label="CommonJS, module $module, moduleResolution $resolution"
  [ "$type" = module ] && label="ESM, module $module, moduleResolution $resolution"
  [ "$skip_lib" = false ] && label="$label, skipLibCheck false"
  [ "$declaration" = true ] && label="$label, declaration true"
  guarded "$name" run_consumer "$name" "$dir" "$program"
  row "$label" "$ts_current" "$outcome" "$outcome" "-"
  if [ "$outcome" = ok ]; then consumer_dirs+=("$name"); fi
done
for js in require.cjs import.mjs; do
  cp "$fixtures/consumers/$js" "$work/consumers/"
  (cd "$work/consumers" && node "$js") || fail "plain JavaScript $js failed"
  row "plain JavaScript, $js" "-" "-" ok "-"
done

step "esbuild bundles of a client program (platform node, no banner or shims), run without node_modules"
# Bundled where incountry-ts is installed (the client-only folder), then run alone from an empty folder,
# as a serverless deployment does.
cp "$fixtures/bundle/client.ts" "$work/client/"
for format in cjs esm; do
  ext=cjs
  [ "$format" = esm ] && ext=mjs
  sizes=()
  for minify in false true; do
    out="$work/bundles/$format-minify-$minify"
    mkdir -p "$out"
    (cd "$work/client" && "$repo/node_modules/.bin/esbuild" client.ts --bundle --platform=node --target=node20 \
      --format="$format" --minify="$minify" --log-level=warning --outfile="$out/client.$ext") ||
      fail "esbuild --format=$format --minify=$minify failed"
    (cd "$out" && node "client.$ext" "$format-minify-$minify") || fail "the $format bundle (minify $minify) failed"
    size="$(du -k "$out/client.$ext" | cut -f1) kB"
    [ "$minify" = false ] || size="$size minified"
    sizes+=("$size")
  done
  echo "$format bundle: ${sizes[*]}"
  row "esbuild bundle, format $format, platform node (${sizes[0]})" "-" "-" ok "-"
done

step "Express without @nestjs/common: storageErrorResponse"
express_check() {
  cd "$work/client"
  npm_install express@5 >/dev/null
  [ ! -e node_modules/@nestjs/common ] || fail "the Express app has @nestjs/common installed"
  cp "$fixtures/consumers/express-errors.mjs" .
  node express-errors.mjs
}
guarded express express_check
row "Express 5, ESM, no @nestjs/common" "-" "-" "$outcome" "-"

step "NestJS 11 starter (CommonJS, tsconfig of the 2025 nest new, Jest + ts-jest)"
cp -r "$fixtures/nest-app" "$work/consumers/nest-app"
cd "$work/consumers/nest-app"
../node_modules/.bin/tsc -p tsconfig.build.json || fail "nest-app: tsc build failed"
PORT=0 node dist/main.js >"$work/app.log" 2>&1 &
app_pid=$!
wait_for_log nest-app "$app_pid" "$work/app.log" 'listening on'
app_url="$(grep -o 'http://[^ ]*' "$work/app.log" | head -n 1)"
app_url="${app_url/\[::1\]/127.0.0.1}"
node -e '
  const base = process.argv[1];
  (async () => {
    const user = { id: "nest-main", email: "main@example.com", name: "Main" };
    const post = await fetch(`${base}/users`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(user) });
    if (post.status !== 201) throw new Error(`POST /users: ${post.status} ${await post.text()}`);
    const got = await fetch(`${base}/users/nest-main`);
    const body = await got.json();
    if (got.status !== 200 || body.email !== user.email) throw new Error(`GET /users/nest-main: ${got.status} ${JSON.stringify(body)}`);
    const bad = await fetch(`${base}/users`, { method: "POST", headers: { "content-type": "application/json" }, body: "{\"id\":\"x\"}" });
    if (bad.status !== 400) throw new Error(`invalid body: ${bad.status}`);
    console.log(`node dist/main.js served POST 201, GET 200, invalid POST 400 on ${base}`);
  })().catch((e) => { console.error(e); process.exit(1); });
' "$app_url" || fail "nest-app: node dist/main.js did not serve"
kill "$app_pid" && app_pid=""
../node_modules/.bin/jest --config ./test/jest-e2e.json --ci 2>&1 | tail -n 12
[ "${PIPESTATUS[0]}" = 0 ] || fail "nest-app: e2e tests failed"
row "NestJS 11 starter: CommonJS, module nodenext, Jest + ts-jest" "$(../node_modules/.bin/tsc -v | cut -d' ' -f2)" ok ok "3 e2e"

step "NestJS 12 app (CLI 12 nest new: ESM, TypeScript 6, Vitest, declaration true, a Proxy instrument)"
nest12_check() {
  [ "$nest12_installed" = 0 ] || fail "installing the Nest 12 app failed: $(tail -n 20 "$work/nest12-install.log")"
  if grep -q EBADENGINE "$work/nest12-install.log"; then fail "engine warnings: $(grep EBADENGINE "$work/nest12-install.log")"; fi
  cd "$work/nest12"
  mkdir -p node_modules/better-sqlite3/build/Release
  cp "$repo/node_modules/better-sqlite3/build/Release/better_sqlite3.node" node_modules/better-sqlite3/build/Release/
  echo "@nestjs/core $(node -p 'require("./node_modules/@nestjs/core/package.json").version'), TypeScript $(./node_modules/.bin/tsc -v)"
  ./node_modules/.bin/tsc -p tsconfig.build.json || fail "nest12: tsc build (declaration true) failed"
  [ -e dist/users.service.d.ts ] || fail "nest12: no declarations emitted"
  PORT=0 node dist/main.js >"$work/app12.log" 2>&1 &
  local pid=$! url served=0
  # shellcheck disable=SC2064 # the pid now: the function's locals are gone when the subshell exits
  trap "kill $pid 2>/dev/null || true" EXIT
  wait_for_log nest12 "$pid" "$work/app12.log" 'listening on'
  url="$(grep -o 'http://[^ ]*' "$work/app12.log" | head -n 1)"
  url="${url/\[::1\]/127.0.0.1}"
  node -e '
    const base = process.argv[1];
    (async () => {
      const adult = { id: `n12-main-${process.pid}`, email: "m@example.com", name: "Main", age: 30 };
      const post = await fetch(`${base}/users`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(adult) });
      if (post.status !== 201) throw new Error(`POST /users: ${post.status} ${await post.text()}`);
      const adults = await fetch(`${base}/users/adults`);
      const ids = await adults.json();
      if (adults.status !== 200 || !ids.includes(adult.id)) throw new Error(`GET /users/adults: ${adults.status} ${JSON.stringify(ids)}`);
      console.log(`node dist/main.js (instrumented) served POST 201, GET /users/adults 200 on ${base}`);
    })().catch((e) => { console.error(e); process.exit(1); });
  ' "$url" || served=1
  kill "$pid"
  [ "$served" = 0 ] || fail "nest12: node dist/main.js did not serve: $(tail -n 5 "$work/app12.log")"
  ./node_modules/.bin/vitest run --config ./vitest.config.e2e.ts >"$work/nest12-e2e.log" 2>&1 ||
    fail "nest12: e2e tests failed: $(grep -E 'FAIL|Error|×|Tests' "$work/nest12-e2e.log" | head -n 20)"
  tail -n 6 "$work/nest12-e2e.log"
}
nest12_label="NestJS 12 app: ESM, nodenext, declaration, Vitest, instrument"
if [ "$node_major" -lt 22 ]; then
  echo "skipped on Node $node_major: NestJS 12 pulls file-type@22 (engines node >= 22); it runs on the Node 22+ lines"
  row "$nest12_label" "6.0" skip skip "Node 22+"
else
  nest12_installed=0
  wait "$nest12_install" || nest12_installed=$?
  nest12_install=""
  guarded nest12 nest12_check
  row "$nest12_label" "6.0" "$outcome" "$outcome" "10 e2e"
fi

if [ "$ts_lines" = 1 ]; then
  step "TypeScript ${TS_LINES[*]}: the test-d corpus and the consumer matrix"
  wait "$ts_install" || fail "installing TypeScript ${TS_LINES[*]} failed: $(cat "$work/ts-install.log")"
  compilers=("5.9=$work/ts/node_modules/ts5.9")
  for v in "${TS_LINES[@]}"; do [ "$v" = 5.9 ] || compilers+=("$v=$work/ts/node_modules/ts$v"); done
  node "$fixtures/ts-corpus.mjs" "$repo" "${compilers[@]}" || fail "the test-d corpus failed on a TypeScript line"
  row "test-d corpus, skipLibCheck false, each line's tsc" "${TS_LINES[*]}" ok "-" "-"
  type_check() { (cd "$work/consumers/$1" && "$3" -p . --noEmit "${@:4}") || fail "$1: tsc $2 failed"; }
  for v in "${TS_LINES[@]}"; do
    [ "$v" = 5.9 ] && continue
    tsc="$work/ts/node_modules/ts$v/bin/tsc"
    checked=()
    for name in "${consumer_dirs[@]}"; do
      extra=()
      case "$v:$name" in
        7.*:cjs-node10) checked+=("($name: node10 is removed in TypeScript 7)") && continue ;;
        6.*:cjs-node10) extra=(--ignoreDeprecations 6.0) ;;
      esac
      guarded "$name" type_check "$name" "$v" "$tsc" "${extra[@]}"
      if [ "$outcome" = ok ]; then checked+=("$name"); else checked+=("($name: PENDING)"); fi
    done
    echo "TypeScript $v type-checks: ${checked[*]}"
    row "consumer matrix, the ${#consumer_dirs[@]} setups that passed above (PENDING ones noted)" "$v" ok "-" "-"
  done
fi

step "done"
printf '| %-58s | %-10s | %-4s | %-4s | %-8s |\n' "setup (Node $(node -v))" TypeScript tsc run tests
printf '| %-58s | %-10s | %-4s | %-4s | %-8s |\n' "---" "---" "---" "---" "---"
printf '%s\n' "${rows[@]}"
for name in "${pending_passed[@]}"; do
  case " ${pending_failed[*]} " in *" $name "*) ;; *) notes+=("$name passes now: delete its PENDING entry") ;; esac
done
for note in "${notes[@]}"; do echo "$note"; done
echo "check-package: all checks passed in ${SECONDS}s (${#notes[@]} notes on PENDING checks)"
