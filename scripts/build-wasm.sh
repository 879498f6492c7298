#!/usr/bin/env bash
# Builds the npm package `support-metrics` into bindings/wasm/pkg/ (ignored):
#   pkg/web/   ES module for browsers and bundlers (`await init()` first)
#   pkg/node/  Node (CommonJS, loads the .wasm synchronously; importable from ESM)
# each with wasm-bindgen's support_metrics.js and the JS layer index.js (npm/api.js) over it.
#
# Toolchain, in order of preference:
#   1. rustup's wasm32-unknown-unknown target, when it is installed;
#   2. otherwise Debian's rustc-web, which ships the std sources: std is built from source with
#      `-Z build-std` (RUSTC_BOOTSTRAP=1), linked with lld-19's wasm-ld. Missing Debian packages
#      are installed with apt-get when running as root.
# wasm-bindgen-cli is pinned to the wasm-bindgen version in Cargo.lock and installed with
# `cargo install` (cargo's own bin folder) when missing. wasm-opt is opt-in (WASM_OPT=1): Debian 12's
# binaryen 108 breaks wasm-bindgen's externref table ("WebAssembly.Table.set(): Argument 1 is
# invalid"), and even binaryen 132 makes the gzipped module larger, not smaller (-Oz: +47 KB,
# -Os: +42 KB gzipped on the opt-level "z" module; its memory packing alone costs +20 KB).
# Prints the .wasm size, raw and gzipped.
#
# Size (docs/javascript.md, "Size and speed"; the full module, gzip -9, December 2026): opt-level
# "z" (698 KB at opt-level 3 -> 566 KB at "s" -> 524 KB with the std flags below), with the
# calendar's eight hot lookups marked `#[inline(always)]` so that "z", which ignores `#[inline]`,
# still inlines them (the batch path 35-36 ns per row against 31 at "s"; `report` 1.3x slower).
# On the Debian path, where std is compiled here: `-C panic=immediate-abort` (no panic messages
# or locations; -16 KB), std's `optimize_for_size` feature (smaller sorts, integer formatting
# and float parsing, the same results; -29 KB) and `-Z inline-mir` (MIR inlining, which "s" and
# "z" turn off) at thresholds 20 and 40 (-9.5 KB against rustc's). The time-zone table is the
# core's compact one (src/tz, -95 KB against chrono-tz's); number fields are converted by
# serde_json's reader, not core's (csv::parse_number, -10 KB). Result: 365 KB (rustc-web 1.96).
# WASM_OPT_LEVEL=s gives a larger module whose `report` is faster; WASM_OPT_LEVEL=3 the fastest.
#
# Environment: WASM_OPT_LEVEL (default z) overrides the opt-level; WASM_OPT=1 runs wasm-opt (a
# recent binaryen); CARGO_BUILD_JOBS is honoured.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
out="$root/bindings/wasm/pkg"
tools="$root/.cache/wasm-tools"
target_dir="$root/target/wasm-build"

say() { printf 'build-wasm: %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }

apt_install() {
    if [ "$(id -u)" = 0 ] && have apt-get; then
        say "installing Debian packages: $*"
        # The index first: a machine's stale one offers bookworm's rustc-web 1.85, where the
        # security suite has 1.96 (which `-C panic=immediate-abort` below needs).
        apt-get update -qq >/dev/null || say "apt-get update failed; installing from the present index"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    else
        say "missing: $* (install them, or the rustup target wasm32-unknown-unknown)"
        exit 1
    fi
}

# opt-level "z" (see the header): the smallest module; the calendar's hot lookups stay inlined.
export CARGO_PROFILE_RELEASE_LTO=true
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
export CARGO_PROFILE_RELEASE_PANIC=abort
export CARGO_PROFILE_RELEASE_DEBUG=0
export CARGO_PROFILE_RELEASE_OPT_LEVEL="${WASM_OPT_LEVEL:-z}"

if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "using rustup's wasm32-unknown-unknown target"
    cargo build --locked --release -p support-metrics-wasm --target wasm32-unknown-unknown \
        --target-dir "$target_dir"
else
    say "no rustup wasm32 target: using Debian rustc-web with -Z build-std"
    missing=()
    # A Debian rustc too old for `-C panic=immediate-abort` (1.85 refuses it) is upgraded.
    immediate_abort() {
        RUSTC_BOOTSTRAP=1 /usr/bin/rustc -Zunstable-options -Cpanic=immediate-abort \
            --print sysroot >/dev/null 2>&1
    }
    if [ ! -x /usr/bin/rustc ] || [ ! -x /usr/bin/cargo ] || ! immediate_abort; then
        missing+=(rustc-web cargo-web rust-web-src)
    fi
    [ -d /usr/lib/rustlib/src/rust/library ] || missing+=(rust-web-src)
    have wasm-ld-19 || missing+=(lld-19)
    [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
    immediate_abort || { say "Debian's rustc does not take -C panic=immediate-abort: $(/usr/bin/rustc --version)"; exit 1; }
    # Debian's cargo reads the same Cargo.lock (it is 1.96, newer than the rustup stable here).
    # std is compiled here, so (see the header): panics abort at once (a panic must never happen;
    # it traps as before, without formatting a message), std's size-optimized code paths, and MIR
    # inlining despite opt-level "z", at lower thresholds than rustc's (50 and 100 for #[inline]
    # functions): 20 and 40 measured 9.5 KB smaller than the defaults and 3.6 KB smaller than
    # no MIR inlining, with `report` in Node 8% slower than the defaults (no MIR inlining: 1.4x;
    # 10 and 20: larger and slower). RUSTFLAGS reach only the wasm crates (--target).
    RUSTFLAGS="${RUSTFLAGS:-} -Zunstable-options -Cpanic=immediate-abort -Zinline-mir=yes -Zinline-mir-threshold=20 -Zinline-mir-hint-threshold=40" \
        RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
        CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19 \
        /usr/bin/cargo build --locked --release -p support-metrics-wasm \
        --target wasm32-unknown-unknown -Z build-std=std,panic_abort \
        -Z build-std-features=optimize_for_size --target-dir "$target_dir"
fi
wasm="$target_dir/wasm32-unknown-unknown/release/support_metrics_wasm.wasm"

# wasm-bindgen-cli must match the wasm-bindgen crate exactly.
version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
bindgen=""
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
for candidate in "$cargo_bin/wasm-bindgen" "$(command -v wasm-bindgen || true)" "$tools/bin/wasm-bindgen"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] &&
        [ "$("$candidate" --version | awk '{print $2}')" = "$version" ]; then
        bindgen="$candidate"
        break
    fi
done
if [ -z "$bindgen" ]; then
    say "installing wasm-bindgen-cli $version with cargo install (into $cargo_bin)"
    # --locked first; the crates.io mirror may lack a locked dependency, then resolve afresh.
    # --force replaces another version of the tool that may be installed there.
    cargo install -q --force wasm-bindgen-cli --version "$version" --locked ||
        cargo install -q --force wasm-bindgen-cli --version "$version"
    bindgen="$cargo_bin/wasm-bindgen"
fi

rm -rf "$out"
mkdir -p "$out"
# --remove-name-section: the function-name table (~290 KB raw, ~30 KB gzipped at opt-level 3)
# only names frames of a trap, and the core does not panic on user input.
# --remove-producers-section: the toolchain names, of no use at run time.
for t in web nodejs; do
    "$bindgen" --target "$t" --remove-name-section --remove-producers-section \
        --out-dir "$out/${t%js}" --out-name support_metrics "$wasm"
done

if [ "${WASM_OPT:-0}" = 1 ]; then
    for f in "$out/web/support_metrics_bg.wasm" "$out/node/support_metrics_bg.wasm"; do
        wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
            --enable-mutable-globals --enable-reference-types --enable-multivalue \
            "$f" -o "$f.opt"
        mv "$f.opt" "$f"
    done
fi

# The JS layer (index.js, index.d.ts): `call(op, args)` and one camelCase function per operation
# over the wasm module. npm/api.js is the ES module as is; the CommonJS copy for Node drops the
# lines marked `web only` and turns `export` into `exports.X` (functions are hoisted).
src=bindings/wasm/npm
cp "$src/api.js" "$out/web/index.js"
cp "$src/api.d.ts" "$out/web/index.d.ts"
sed -e '/\/\/ web only$/d' \
    -e 's|^import \* as raw from "\./support_metrics\.js";$|"use strict";\nconst raw = require("./support_metrics.js");|' \
    -e 's|^export const \([A-Za-z_][A-Za-z0-9_]*\) = \(.*\);$|const \1 = \2;\nexports.\1 = \1;|' \
    -e 's|^export function \([A-Za-z_][A-Za-z0-9_]*\)|exports.\1 = \1;\nfunction \1|' \
    "$src/api.js" >"$out/node/index.js"
sed -e '/\/\/ web only$/d' "$src/api.d.ts" >"$out/node/index.d.ts"
if grep -nE '^(import|export) ' "$out/node/index.js"; then
    say "npm/api.js has an import/export form the CommonJS conversion does not handle"
    exit 1
fi

cp "$src/package.json" "$src/README.md" "$out/"
# Tell Node and TypeScript which module system each half uses.
echo '{"type": "module"}' >"$out/web/package.json"
echo '{"type": "commonjs"}' >"$out/node/package.json"
raw=$(wc -c <"$out/web/support_metrics_bg.wasm")
gz=$(gzip -9 -c "$out/web/support_metrics_bg.wasm" | wc -c)
say "support_metrics_bg.wasm: $raw bytes raw, $gz bytes gzipped (-9)"
