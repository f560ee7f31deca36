"""Scopes as the compiler has them, read from the file's own tree: where `float_` is read,
whether it is still the `from numpy import float_` of the module."""

from __future__ import annotations

import ast
import textwrap

import pytest

from lint.engine.qualified import QualifiedNames
from lint.formats.python.qualified import resolve_references
from lint.vocabulary.load import load_vocabulary

from ...conftest import DATA

_NAMES = QualifiedNames(load_vocabulary(DATA / "numpy2" / "vocab.yaml"))

# Each snippet reads `float_` on its last line; True: that read is numpy's (the import's).
CASES = {
    "a function reads the module's import": (
        """
        def f():
            return float_
        """,
        True,
    ),
    "a parameter": ("def f(float_):\n    return float_\n", False),
    "a keyword-only parameter of a lambda": ("g = lambda *, float_=1: float_\n", False),
    "an assignment in the function": ("def f():\n    float_ = 1\n    return float_\n", False),
    "an assignment after the read, in the same function": ("def f():\n    print(float_)\n    float_ = 1\n", False),
    "a tuple target": ("def f():\n    (a, *float_) = 1, 2\n    return float_\n", False),
    "a for target": ("def f():\n    for float_ in []:\n        pass\n    return float_\n", False),
    "a with target": ("def f():\n    with open('x') as float_:\n        return float_\n", False),
    "an except name": ("def f():\n    try:\n        pass\n    except E as float_:\n        return float_\n", False),
    "a match capture": ("def f(x):\n    match x:\n        case [float_]:\n            return float_\n", False),
    "a del": ("def f():\n    del float_\n    return float_\n", False),
    "a walrus": ("def f():\n    if (float_ := 1):\n        return float_\n", False),
    "a walrus in a comprehension binds the function's name": (
        "def f():\n    [(float_ := y) for y in ()]\n    return float_\n",
        False,
    ),
    "a walrus in a lambda binds the lambda's name only": (
        "def f():\n    g = lambda: (float_ := 1)\n    return float_\n",
        True,
    ),
    "a comprehension's target": ("def f():\n    return [float_ for float_ in ()]\n", False),
    "a comprehension's target is not the function's": (
        "def f():\n    [float_ for float_ in ()]\n    return float_\n",
        True,
    ),
    "a nested function's local is not its parent's": (
        "def f():\n    def g():\n        float_ = 1\n    return float_\n",
        True,
    ),
    "a closure reads its parent's local": ("def f():\n    float_ = 1\n    def g():\n        return float_\n", False),
    "a nonlocal is its parent's": (
        "def f():\n    float_ = 1\n    def g():\n        nonlocal float_\n        return float_\n",
        False,
    ),
    "a global declaration skips the parent's local": (
        "def f():\n    float_ = 1\n    def g():\n        global float_\n        return float_\n",
        True,
    ),
    "a class attribute is not seen from its methods": (
        "class C:\n    float_ = 1\n    def m(self):\n        return float_\n",
        True,
    ),
    "a class attribute is seen in the class body": ("class C:\n    float_ = 1\n    y = float_\n", False),
    "a function named like it": ("def f():\n    def float_():\n        pass\n    return float_\n", False),
    "an import inside the function of another name": (
        "def f():\n    from numpy import float64 as float_\n    return float_\n",
        False,
    ),
    "an attribute target binds nothing": ("def f(x):\n    x.float_ = 1\n    return float_\n", True),
}


@pytest.mark.parametrize("case", CASES)
def test_a_read_is_the_import_only_where_nothing_nearer_binds_the_name(case: str) -> None:
    body, expected = CASES[case]
    source = "from numpy import float_\n" + textwrap.dedent(body).lstrip("\n")
    last = len(source.splitlines())
    resolved = resolve_references(source, ast.parse(source), {last}, _NAMES)
    reads = [r for r in resolved.references if r.line == last and r.context.value == "identifier"]
    assert bool(reads) is expected, reads
