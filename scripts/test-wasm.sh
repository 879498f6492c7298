#!/usr/bin/env bash
# The WebAssembly suites: build the npm package, then in bindings/wasm
#   node --test tests/      shared vectors, API and bad input, documentation snippets
#   tsc --noEmit            the .d.ts against a typed test file
#   node --test browser/    the demo page in headless Chromium (playwright-core)
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

say "TypeScript: tsc --noEmit over the typed test files"
npx --no-install tsc --noEmit -p tests/tsconfig.json

say "browser: demo page in headless Chromium"
node --test --test-reporter=spec browser/

say "bench smoke (20k rows)"
BENCH_ASSERT=1 node bench/bench_calendar.mjs 20000 2000 >/dev/null
