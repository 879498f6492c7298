#!/usr/bin/env bash
# The one test command: installs what it needs on a fresh machine, then runs every suite.
#   ./scripts/test.sh            everything
#   FUZZ_SECONDS=0 ./scripts/test.sh   skip the short fuzz runs
# Each step prints a banner; the script stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export CARGO_INCREMENTAL=0

step "toolchain"
have cargo || { echo "cargo is missing: install Rust (rustup) first" >&2; exit 1; }
cargo --version
cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
cargo clippy --version >/dev/null 2>&1 || rustup component add clippy

step "format (cargo fmt --check)"
cargo fmt --all -- --check
(cd fuzz && cargo fmt -- --check)

step "lint (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests: unit, integration (proptests, shared vectors), doc examples"
cargo test --workspace --locked --exclude support-metrics-python   # tested by pytest below

step "Rust tests in release (proptests at release speed, overflow checks off)"
cargo test --release --locked -p support-metrics --test lib

step "benches compile and their result assertions hold (criterion test mode)"
cargo test --release --locked -p support-metrics-benches --benches

step "demos run (the README's first command, the calendar example)"
cargo run --release --locked -q -p support-metrics-cli -- report --demo >/dev/null
cargo run --release --locked -q -p support-metrics --example demo >/dev/null

step "fuzz targets, ${FUZZ_SECONDS:-15} s each"
if [ "${FUZZ_SECONDS:-15}" != "0" ]; then
  ./scripts/fuzz.sh "${FUZZ_SECONDS:-15}"
fi

step "Python package: build, pytest (vectors, columns, errors, laws, stubs, docs), mypy --strict"
./scripts/python.sh

step "WebAssembly: build, Node vectors, tsc, headless Chromium (scripts/test-wasm.sh)"
./scripts/test-wasm.sh

step "all suites passed"
