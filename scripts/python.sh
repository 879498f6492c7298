#!/usr/bin/env bash
# The Python package's suite, on a fresh machine too: a venv under .cache/py (git-ignored) with
# the test tools from PyPI, `pip install ./bindings/python` (maturin as the PEP 517 backend),
# then pytest (shared vectors, columns, errors, laws, stub drift, docs and doctests) and
# mypy --strict (package, tests, bench, examples).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.cache/py
PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null 2>&1 || { echo "python3 is missing: install CPython >= 3.9" >&2; exit 1; }
if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    # Debian's python3 ships venv separately.
    rm -rf "$VENV"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get install -y -q python3-venv >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q python3-venv >/dev/null; }
    fi
    "$PYTHON" -m venv "$VENV"
  fi
fi
export PATH="$PWD/$VENV/bin:$PATH"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
python -m pip install -q -r bindings/python/requirements-test.txt

echo "-- pip install ./bindings/python"
python -m pip install -q --force-reinstall --no-deps ./bindings/python

echo "-- pytest"
(cd bindings/python && python -m pytest -q -p no:cacheprovider)

echo "-- mypy --strict"
(cd bindings/python && MYPYPATH=tests python -m mypy --cache-dir ../../.cache/mypy)

echo "-- bench smoke (bench_report.py on 3,000 interactions: pandas and the report agree)"
BENCH_DIR="$PWD/.cache/bench-smoke" python bindings/python/bench/bench_report.py --n 3000 --runs 1 >/dev/null
