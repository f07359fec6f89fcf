#!/usr/bin/env bash
# Checks the package as users get it: the packed tarball, installed from the npm registry in temporary
# folders. Run by .ci/run as its own step after `npm test` (it needs the registry and takes 2-5 minutes,
# mostly npm installs; most of the CPU goes to tsc and Jest).
#
#   1. publint and @arethetypeswrong/cli on the tarball;
#   2. a client-only install: no server stack in node_modules, no engine warnings, the SDK reaches a PoP,
#      and loading incountry-ts/server or `incountry pop` fails with one line naming the install command;
#   3. the consumer matrix (ESM nodenext; CommonJS node10/node16/nodenext; bundler; plain JS require and
#      import): each type-checks (strict, skipLibCheck as most projects have it; the declarations
#      themselves are checked by attw and step 5) and runs a smoke program against a local PoP that
#      the tarball's own `incountry pop` serves;
#   4. a NestJS app shaped like the `nest new` starter: tsc build, `node dist/main.js` serves a request,
#      its Jest + ts-jest e2e test passes;
#   5. the minimum TypeScript version on the test-d corpus;
#   6. the client entry loads no @opentelemetry package, and incountry-ts/otel records spans and metrics
#      without record data in a consumer with the OpenTelemetry SDK.
#
# Usage: bash scripts/check-package.sh [--reuse-dist]
#   (from a checkout with node_modules; builds dist/ first unless --reuse-dist, which CI passes because
#   `npm test` has just built it)
set -euo pipefail

MIN_TYPESCRIPT=5.5 # keep in step with README and peerDependencies.typescript
CURRENT_TYPESCRIPT=~5.9

repo="$(cd "$(dirname "$0")/.." && pwd)"
fixtures="$repo/scripts/package-check"
work="$(mktemp -d)"
pop_pid=""
app_pid=""
consumer_install=""
ts_min_install=""
cleanup() {
  for pid in "$consumer_install" "$ts_min_install"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
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
row() { rows+=("$(printf '| %-42s | %-4s | %-4s | %-5s |' "$@")"); }
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
mkdir "$work/ts-min"
echo '{ "private": true }' >"$work/ts-min/package.json"
(cd "$work/ts-min" && npm_install "typescript@~$MIN_TYPESCRIPT") >"$work/ts-min-install.log" 2>&1 &
ts_min_install=$!

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
# name, package.json type, module, moduleResolution
matrix=(
  "esm-nodenext module nodenext nodenext"
  "cjs-node10 commonjs commonjs node10"
  "cjs-node16 commonjs node16 node16"
  "cjs-nodenext commonjs nodenext nodenext"
  "bundler module esnext bundler"
)
for entry in "${matrix[@]}"; do
  read -r name type module resolution <<<"$entry"
  dir="$work/consumers/$name"
  mkdir "$dir" && cp "$fixtures/consumers/smoke.ts" "$dir/"
  echo "{ \"name\": \"$name\", \"private\": true, \"type\": \"$type\" }" >"$dir/package.json"
  cat >"$dir/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "module": "$module", "moduleResolution": "$resolution", "target": "ES2022", "lib": ["ES2023"],
    "types": ["node"], "strict": true, "esModuleInterop": true, "skipLibCheck": true, "outDir": "dist"
  },
  "files": ["smoke.ts"]
}
JSON
  (cd "$dir" && ../node_modules/.bin/tsc -p .) || fail "$name: tsc failed"
  (cd "$dir" && node dist/smoke.js "$name") || fail "$name: the smoke program failed"
  format="CommonJS"
  [ "$type" = module ] && format="ESM"
  row "$format, module $module, moduleResolution $resolution" ok ok "-"
done
for js in require.cjs import.mjs; do
  cp "$fixtures/consumers/$js" "$work/consumers/"
  (cd "$work/consumers" && node "$js") || fail "plain JavaScript $js failed"
  row "plain JavaScript, $js" "-" ok "-"
done

step "NestJS starter (CommonJS, tsconfig of nest new, Jest + ts-jest)"
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
row "NestJS starter: CommonJS, module nodenext, Jest + ts-jest" ok ok "3 e2e"

step "minimum TypeScript $MIN_TYPESCRIPT on test-d"
wait "$ts_min_install" || fail "installing TypeScript $MIN_TYPESCRIPT failed: $(cat "$work/ts-min-install.log")"
node "$fixtures/min-ts.mjs" "$work/ts-min/node_modules/typescript" "$repo" || fail "TypeScript $MIN_TYPESCRIPT"

step "done"
printf '| %-42s | %-4s | %-4s | %-5s |\n' setup tsc run tests
printf '| %-42s | %-4s | %-4s | %-5s |\n' "---" "---" "---" "---"
printf '%s\n' "${rows[@]}"
echo "check-package: all checks passed in ${SECONDS}s"
