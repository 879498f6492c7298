#!/usr/bin/env bash
# The report bench of issue 8, item 5: `support-metrics report` against an idiomatic
# pandas + numpy script on the same files, each under /usr/bin/time -v, then a figure-by-figure
# check that both computed the same numbers.
#
#   benches/report/run.sh            # 1,000,000 interactions (about 130 MB of CSV)
#   benches/report/run.sh 20000      # any size
#   RUNS=5 benches/report/run.sh     # more runs per tool (default 3)
#
# Generated data and run outputs go under $BENCH_DIR (default /tmp/support-metrics-report-bench),
# never into the repository. The data is generated once per (size, seed) and reused.
# Python: the repository's venv .cache/py (scripts/python.sh creates it) when present, else
# .cache/bench-report-py; numpy, pandas and pyarrow are installed into it when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

N="${1:-1000000}"
RUNS="${RUNS:-3}"
SEED="${SEED:-2026}"
AS_OF="2026-12-31T21:00:00Z" # the demo quarter's end (`support-metrics generate` prints it)
BENCH_DIR="${BENCH_DIR:-/tmp/support-metrics-report-bench}"
HERE=benches/report
case "$N" in '' | *[!0-9]*) echo "usage: $0 [INTERACTIONS]" >&2; exit 2 ;; esac
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing (Debian: apt-get install time)" >&2; exit 1; }

# --- Python with numpy, pandas and pyarrow.
if [ -x .cache/py/bin/python ]; then
  VENV=.cache/py
else
  VENV=.cache/bench-report-py
  if [ ! -x "$VENV/bin/python" ]; then
    echo "-- creating $VENV"
    "${PYTHON:-python3}" -m venv "$VENV"
  fi
fi
PY="$VENV/bin/python"
if ! "$PY" -c "import numpy, pandas, pyarrow" 2>/dev/null; then
  echo "-- pip install -r $HERE/requirements.txt into $VENV"
  PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 "$PY" -m pip install -q -r "$HERE/requirements.txt"
fi

# --- The CLI, release build.
echo "-- cargo build --release -p support-metrics-cli"
cargo build --release -q -p support-metrics-cli
CLI="${CARGO_TARGET_DIR:-target}/release/support-metrics"

# --- Data (once per size and seed; written to a temporary name, then moved into place).
DATA="$BENCH_DIR/data-$N-seed$SEED"
if [ ! -s "$DATA/interactions.csv" ] || [ ! -s "$DATA/policies.json" ]; then
  echo "-- generating $N interactions into $DATA"
  mkdir -p "$BENCH_DIR"
  rm -rf "$DATA.tmp.$$"
  "$CLI" generate --n "$N" --seed "$SEED" --out "$DATA.tmp.$$"
  rm -rf "$DATA"
  mv "$DATA.tmp.$$" "$DATA"
fi
ls -l "$DATA"
FILES=(--interactions "$DATA/interactions.csv" --surveys "$DATA/surveys.csv"
  --calendar "$DATA/calendar.json" --policies "$DATA/policies.json" --as-of "$AS_OF")

RUN="$BENCH_DIR/run-$N-seed$SEED-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN"
echo "-- machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (before the runs)"
cat "$DATA"/*.csv >/dev/null # both tools start from the page cache

# --- Runs, the two tools alternating so that a change in machine load hits both.
for i in $(seq 1 "$RUNS"); do
  echo "-- run $i/$RUNS: rust"
  /usr/bin/time -v -o "$RUN/rust-$i.time" "$CLI" report "${FILES[@]}" --json >"$RUN/rust-$i.json"
  echo "-- run $i/$RUNS: pandas"
  /usr/bin/time -v -o "$RUN/pandas-$i.time" "$PY" "$HERE/pandas_report.py" "${FILES[@]}" \
    --output "$RUN/pandas-$i.json"
done
echo "-- load average $(cut -d' ' -f1-3 /proc/loadavg) (after the runs)"

# --- Same numbers? (the full table goes to a file; mismatches and the verdict are printed)
status=0
"$PY" "$HERE/compare.py" --rust-json "$RUN/rust-1.json" --pandas-json "$RUN/pandas-1.json" \
  >"$RUN/compare.txt" || status=$?
grep -E "^(interactions|first_response\.(count|median|p90)|full_resolution\.(count|median|p90)|resolution_rate\.value|sla\.[a-z_]+\.value|surveys\.(csat|nps|ces)\.(value|mean|lower|upper)) " \
  "$RUN/compare.txt" || true
sed -n '/MISMATCH(ES)/,$p; /^compare:/p' "$RUN/compare.txt"
echo "   full table: $RUN/compare.txt"
for i in $(seq 2 "$RUNS"); do # every run printed the same figures
  cmp -s "$RUN/rust-1.json" "$RUN/rust-$i.json" || { echo "rust run $i differs from run 1"; status=1; }
done

# --- Figures.
echo
echo "== report bench: $N interactions, $(($(wc -l <"$DATA/surveys.csv") - 1)) survey rows, $RUNS runs each"
"$PY" "$HERE/summarize.py" "$RUN"
echo "   /usr/bin/time -v reports and outputs: $RUN"
exit "$status"
