#!/usr/bin/env bash
# Runs every cargo-fuzz target for a while: scripts/fuzz.sh [seconds-per-target] (default 20).
#
# Works with only the stable toolchain installed: cargo-fuzz is installed when missing, and
# without a nightly toolchain the sanitizer flags are allowed on stable with RUSTC_BOOTSTRAP=1.
# Seeds committed under fuzz/seeds/<target>/ are copied into the (ignored) fuzz/corpus/<target>/.
# Exits non-zero when a target finds a crash; its input is left in fuzz/artifacts/<target>/.
# FUZZ_TOOLCHAIN=stable|nightly picks the toolchain; FUZZ_ARGS adds libFuzzer flags.
set -euo pipefail

seconds="${1:-20}"
cd "$(dirname "$0")/.."

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi

# FUZZ_TOOLCHAIN=stable forces the stable path even where a nightly exists.
toolchain="${FUZZ_TOOLCHAIN:-}"
if [ -z "$toolchain" ]; then
    if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
        toolchain=nightly
    else
        toolchain=stable
    fi
fi
if [ "$toolchain" != nightly ]; then
    # cargo-fuzz passes -Z sanitizer flags; stable rustc ships the ASan runtime but needs this.
    export RUSTC_BOOTSTRAP=1
fi

targets=$(cargo "+$toolchain" fuzz list)
echo "fuzz.sh: building with $toolchain: ${targets//$'\n'/ }" >&2
cargo "+$toolchain" fuzz build

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
failed=()
summary=()
for target in $targets; do
    mkdir -p "fuzz/corpus/$target"
    if [ -d "fuzz/seeds/$target" ]; then
        cp -n "fuzz/seeds/$target"/* "fuzz/corpus/$target/" 2>/dev/null || true
    fi
    args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
    # Extra libFuzzer flags, such as FUZZ_ARGS="-jobs=2 -workers=2".
    read -r -a extra <<<"${FUZZ_ARGS:-}"
    args+=("${extra[@]}")
    if [ -f "fuzz/dict/$target.dict" ]; then
        args+=(-dict="fuzz/dict/$target.dict")
    fi
    echo "fuzz.sh: $target for ${seconds}s" >&2
    status=0
    cargo "+$toolchain" fuzz run "$target" -- "${args[@]}" >"$logs/$target.log" 2>&1 || status=$?
    runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$logs/$target.log" | grep -Eo '[0-9]+$' | tail -n 1 || true)
    if [ -z "$runs" ]; then
        # No final stats (killed early): the last status line, "#<runs> ...".
        runs=$(grep -Eo '^#[0-9]+' "$logs/$target.log" | tail -n 1 | tr -d '#' || true)
    fi
    corpus=$(find "fuzz/corpus/$target" -type f | wc -l)
    if [ "$status" -eq 0 ]; then
        summary+=("$(printf '%-24s ok     %10s runs, corpus %s' "$target" "${runs:-?}" "$corpus")")
    else
        failed+=("$target")
        summary+=("$(printf '%-24s FAILED %10s runs (exit %s)' "$target" "${runs:-?}" "$status")")
        # The panic message, the crashing input and cargo-fuzz's reproduction hints.
        grep -E -A 12 "panicked at|ERROR: libFuzzer" "$logs/$target.log" | head -n 30 >&2 || true
        grep -E -A 2 "Reproduce with:|Minimize test case with:" "$logs/$target.log" >&2 || true
    fi
done

printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz.sh: crashes in: ${failed[*]} (inputs under fuzz/artifacts/)" >&2
    exit 1
fi
