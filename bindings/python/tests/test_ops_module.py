"""The generated module ``support_metrics/_ops.py``: regenerated from the compiled module's
``ops()`` it is byte for byte the committed file, it has one keyword-only function per operation
whose parameters are the operation's arguments, and every argument and answer is typed."""

from __future__ import annotations

import importlib.util
import inspect
import keyword
from types import ModuleType

import support_metrics as sm
from support_metrics import _native, _ops

from conftest import ROOT

GEN = ROOT / "bindings" / "python" / "tools" / "gen_ops.py"
OPS_PY = ROOT / "bindings" / "python" / "python" / "support_metrics" / "_ops.py"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_ops", GEN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_module_is_up_to_date() -> None:
    text = generator().render(_native.ops())
    assert OPS_PY.read_text(encoding="utf-8") == text, (
        "support_metrics/_ops.py drifted from the core's operations: run "
        "`python bindings/python/tools/gen_ops.py` and commit the result"
    )


def test_ops_lists_every_function() -> None:
    ops = sm.ops()
    assert [op.name for op in ops] == [name for name, _, _, _ in _native.ops()]
    assert len(ops) >= 56
    assert _ops.__all__ == [op.name for op in ops]
    for op in ops:
        function = getattr(sm, op.name)
        assert function is getattr(_ops, op.name) and op.name in sm.__all__
        assert function.__doc__ and op.summary[1:] in function.__doc__
        params = inspect.signature(function).parameters
        expected = [(a + "_" if keyword.iskeyword(a) else a, required) for a, required in op.args]
        assert [(p.name, p.default is inspect.Parameter.empty) for p in params.values()] == expected, op.name
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params.values()), op.name
        for p in params.values():
            if p.default is not inspect.Parameter.empty:
                assert p.default is None, f"{op.name}({p.name})"


def test_every_argument_and_answer_is_typed() -> None:
    """No operation falls back to ``Any``: the generator's tables know every name."""
    gen = generator()
    for op in sm.ops():
        assert op.name in gen.RETURNS, f"{op.name}: add its answer type to tools/gen_ops.py RETURNS"
        for arg, _ in op.args:
            assert (op.name, arg) in gen.OP_ARG_TYPES or arg in gen.ARG_TYPES, f"{op.name}({arg})"


def test_operation_describes_its_arguments() -> None:
    op = next(o for o in sm.ops() if o.name == "open_intervals")
    assert (op.area, op.args) == ("calendar", [("calendar", True), ("from", True), ("to", True)])
    assert "from_" in inspect.signature(sm.open_intervals).parameters
