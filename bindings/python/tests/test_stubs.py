"""The hand-written stubs `_native.pyi` match the compiled module: the same public names, the
same kinds, and for every function and method the same parameter names as pyo3's
``__text_signature__``. Fails on any drift, in either direction."""

from __future__ import annotations

import ast
import inspect
import pathlib
from typing import Dict, List, Optional

import support_metrics
from support_metrics import _native

from conftest import ROOT

STUB = ROOT / "bindings" / "python" / "python" / "support_metrics" / "_native.pyi"


def params(node: ast.FunctionDef) -> List[str]:
    a = node.args
    return [p.arg for p in a.posonlyargs + a.args + a.kwonlyargs if p.arg != "self"]


def stub_names() -> Dict[str, Optional[Dict[str, Optional[List[str]]]]]:
    """name -> None for a constant, or {member: params (None for a property)} for a class,
    or {"": params} for a function."""
    out: Dict[str, Optional[Dict[str, Optional[List[str]]]]] = {}
    for node in ast.parse(STUB.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ClassDef):
            members: Dict[str, Optional[List[str]]] = {}
            for m in node.body:
                if isinstance(m, ast.FunctionDef):
                    is_prop = any(isinstance(d, ast.Name) and d.id == "property" for d in m.decorator_list)
                    members[m.name] = None if is_prop else params(m)
            out[node.name] = members
        elif isinstance(node, ast.FunctionDef):
            out[node.name] = {"": params(node)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out[node.target.id] = None
    out.pop("RowError", None)  # a type alias of the stub only
    return out


def runtime_params(obj: object) -> List[str]:
    sig = inspect.signature(obj)  # type: ignore[arg-type]
    return [p for p in sig.parameters if p not in ("self", "$self", "cls")]


def test_stub_matches_the_compiled_module() -> None:
    stub = stub_names()
    runtime = {n for n in dir(_native) if not n.startswith("_")}
    assert set(stub) == runtime
    for name, members in stub.items():
        obj = getattr(_native, name)
        if members is None:
            assert not callable(obj), name
        elif "" in members:
            assert runtime_params(obj) == members[""], name
        elif isinstance(obj, type) and issubclass(obj, BaseException):
            assert members == {}, name
        else:
            public = {m for m in vars(obj) if not m.startswith("_")}
            assert set(members) == public, name
            for m, expected in members.items():
                attr = inspect.getattr_static(obj, m)
                if expected is None:
                    assert type(attr).__name__ == "getset_descriptor", f"{name}.{m} is not a property"
                else:
                    assert runtime_params(getattr(obj, m)) == expected, f"{name}.{m}"


def test_public_api_is_typed_and_exported() -> None:
    for name in support_metrics.__all__:
        assert hasattr(support_metrics, name), name
    assert (pathlib.Path(support_metrics.__file__).with_name("py.typed")).exists()
