"""Shared helpers: where the repository's shared files are."""

from __future__ import annotations

import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[3]
VECTORS = ROOT / "crates" / "support-metrics" / "tests" / "vectors"
