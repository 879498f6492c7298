#!/usr/bin/env bash
# The WebAssembly suites: build the npm package, then in bindings/wasm
#   node --test tests/      shared vectors, API and bad input, documentation snippets, the
#                           Report typings against real answers
#   tsc --noEmit            the .d.ts against the typed test files; www/*.js against the .d.ts
#   node --test browser/    in headless Chromium (playwright-core): the quality dashboard (sample
#                           and uploaded files against Node and a shared vector), the CLI's HTML
#                           report (`cargo run -p support-metrics-cli`), the calendar playground
#   bench smoke             wasm batch equals, and beats, the hand-written JS on a small sample
# Installs what is missing: Node and npm, Chromium (apt-get, as root), the npm dev dependencies
# (npm ci), and via scripts/build-wasm.sh the wasm toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n--> %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
apt_install() {
    if [ "$(id -u)" = 0 ] && have apt-get; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null ||
            { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }
    else
        echo "test-wasm: missing $*" >&2
        exit 1
    fi
}

say "build the package (scripts/build-wasm.sh)"
./scripts/build-wasm.sh

have node && have npm || apt_install nodejs npm
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] || apt_install chromium

cd bindings/wasm
say "npm ci (typescript, playwright-core, @types/node)"
npm ci --no-audit --no-fund --loglevel=error

say "Node: shared vectors, API, documentation snippets"
node --test --test-reporter=dot tests/

say "TypeScript: tsc --noEmit over the typed test files and the pages' scripts"
npx --no-install tsc --noEmit -p tests/tsconfig.json
npx --no-install tsc --noEmit -p tests/tsconfig.www.json

say "browser: dashboard, CLI HTML report and calendar playground in headless Chromium"
node --test --test-reporter=spec browser/

say "bench smoke (20k rows)"
BENCH_ASSERT=1 node bench/bench_calendar.mjs 20000 2000 >/dev/null
