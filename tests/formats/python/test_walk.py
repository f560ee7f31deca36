"""The read-only LibCST walk calls a visitor's hooks exactly as LibCST's own visit does."""

from __future__ import annotations

import inspect
import sysconfig
from pathlib import Path
from typing import Any

import libcst as cst
import pytest

from lint.formats.python.walk import walk

from ...conftest import REPO

NODE_CLASSES = [kind for _, kind in inspect.getmembers(cst, inspect.isclass) if issubclass(kind, cst.CSTNode)]

TRICKY = '''\
"""Module docstring."""
from __future__ import annotations
import os.path as osp, sys
from .. import (a as b, c)
@decorator(arg=1)
@other
class Thing(Base, metaclass=Meta):
    """Class docstring."""  # trailing comment
    x: int = 1
    async def run(self, /, a, *args, b=lambda q=2: q, **kw) -> None:
        async with (open(a) as f, open(b) as g):
            async for item in aiter():
                yield [i async for i in item if (n := i) > 0]
        match command.split():
            case [action, *rest] if action == "go":
                pass
            case {"k": v, **others} | Point(x=0, y=_):
                pass
        try:
            raise ValueError from None
        except* (TypeError, KeyError) as group:
            del group
        finally:
            global G
        value = f"{a!r:>{width}} and {b + 1=}" "tail" r"\\x00"
        return (yield from other)[1:2, ::3]
'''


def _recording_visitor(skip: type[cst.CSTNode] | None = None) -> Any:
    """A visitor with a `visit_`/`leave_` hook for every node class, noting each call."""
    namespace: dict[str, Any] = {}
    for kind in NODE_CLASSES:

        def visit(self: Any, node: cst.CSTNode, kind: type[cst.CSTNode] = kind) -> bool:
            self.events.append(("visit", kind.__name__, id(node)))
            return kind is not skip

        def leave(self: Any, node: cst.CSTNode, kind: type[cst.CSTNode] = kind) -> None:
            self.events.append(("leave", kind.__name__, id(node)))

        namespace[f"visit_{kind.__name__}"] = visit
        namespace[f"leave_{kind.__name__}"] = leave

    def __init__(self: Any) -> None:
        cst.CSTVisitor.__init__(self)
        self.events = []

    namespace["__init__"] = __init__
    return type("Recording", (cst.CSTVisitor,), namespace)()


def _same_calls(tree: cst.CSTNode, skip: type[cst.CSTNode] | None = None) -> None:
    by_libcst, by_walk = _recording_visitor(skip), _recording_visitor(skip)
    tree.visit(by_libcst)
    walk(tree, by_walk)
    assert by_walk.events == by_libcst.events
    assert len(by_walk.events) > 2


def _real_sources() -> list[Path]:
    standard_library = sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py"))[::6]
    own = sorted(REPO.joinpath("lint").rglob("*.py"))
    return standard_library + own


@pytest.mark.parametrize("path", _real_sources(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_walk_visits_real_files_as_libcst_does(path: Path) -> None:
    try:
        tree = cst.parse_module(path.read_text(encoding="utf-8"))
    except (cst.ParserSyntaxError, UnicodeDecodeError):
        pytest.skip("LibCST does not parse this file")
    _same_calls(tree)


@pytest.mark.parametrize("skip", [None, cst.Call, cst.ClassDef, cst.FormattedString, cst.MatchCase])
def test_walk_visits_every_construct_and_honours_a_false_visit(skip: type[cst.CSTNode] | None) -> None:
    _same_calls(cst.parse_module(TRICKY), skip)


def test_walk_of_a_node_whose_fields_share_children_follows_libcst() -> None:
    """A tree built by hand may put one object in two fields, so that which field LibCST
    visits first cannot be told from what it visits: the walk still follows it, and the
    order learned there is not taken for other commas (the parsed tuple after it)."""
    space = cst.SimpleWhitespace("  ")
    comma = cst.Comma(whitespace_before=space, whitespace_after=space)
    tree = cst.Module(body=[cst.SimpleStatementLine([cst.Expr(cst.Tuple([cst.Element(cst.Name("a"), comma)]))])])
    _same_calls(tree)
    _same_calls(cst.parse_module("a  ,   b\n"))
