"""The documentation runs: every ```python block of docs/python.md, in order, in one namespace,
and the package's docstring examples (doctests)."""

from __future__ import annotations

import doctest
import re
from typing import Any, Dict

import pytest

import support_metrics
from support_metrics import _api, _convert, _errors

from conftest import ROOT

DOC = ROOT / "docs" / "python.md"
BLOCKS = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_python_md_runs() -> None:
    assert len(BLOCKS) >= 4
    namespace: Dict[str, Any] = {}
    for i, block in enumerate(BLOCKS):
        exec(compile(block, f"{DOC}:block{i}", "exec"), namespace)


@pytest.mark.parametrize("module", [support_metrics, _api, _errors, _convert], ids=lambda m: m.__name__)
def test_doctests(module: Any) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    if module is support_metrics:
        assert result.attempted >= 20


def test_example_runs() -> None:
    """examples/python/calendar_demo.py: T-3 (Fri 16:00 -> Tue 10:30, Monday a holiday) is
    Fri 16:00-17:00 + Tue 09:00-10:30 = 2.5 business hours; T-5 has no reply yet."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("calendar_demo", ROOT / "examples" / "python" / "calendar_demo.py")
    assert spec is not None and spec.loader is not None
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    df = demo.main()
    assert df.set_index("ticket").loc["T-3", "frt_business_h"] == 2.5
    assert df["frt_business_h"].isna().tolist() == [False, False, False, False, True]


def test_staffing_example_runs() -> None:
    """examples/python/staffing_demo.py: 10 Erlangs at 80/20 need 14 agents (the erlang.json
    vector plan_30_minute_intervals); 52 agents for 48 Erlangs miss the 80% that 54 reach."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("staffing_demo", ROOT / "examples" / "python" / "staffing_demo.py")
    assert spec is not None and spec.loader is not None
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    df = demo.main()
    assert df["agents"].tolist()[0] == 14 and df["agents"].tolist()[2] == 54
    assert (df["scheduled"] >= df["agents"]).all()
    assert 0.5 < df.attrs["service_level_with_52_at_peak"] < 0.8
