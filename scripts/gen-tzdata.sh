#!/usr/bin/env bash
# Regenerates the core's time-zone table (crates/support-metrics/src/tz/tzdata.bin) from the
# IANA sources of the chrono-tz in Cargo.lock, with tools/tzdata (parse-zoneinfo, the parser
# chrono-tz-build uses). Run it after upgrading chrono-tz: `cargo test -p support-metrics tz::`
# fails until the table matches chrono-tz's zones, transitions and IANA release.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$(cargo metadata --format-version 1 --locked |
    python3 -c 'import json, sys, os; m = json.load(sys.stdin); print(next(os.path.dirname(p["manifest_path"]) for p in m["packages"] if p["name"] == "chrono-tz"))')"
cargo run --release --locked --manifest-path tools/tzdata/Cargo.toml -- "$dir" crates/support-metrics/src/tz/tzdata.bin
gzip -9c crates/support-metrics/src/tz/tzdata.bin | wc -c | xargs printf 'tzdata.bin gzipped: %s bytes\n'
