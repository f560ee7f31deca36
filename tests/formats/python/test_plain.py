"""Plain statements, read from CPython's tree, give exactly what LibCST's reading gives."""

from __future__ import annotations

import ast
import sysconfig
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lint.engine.engine import Engine
from lint.formats.python import scanner as python_scanner
from lint.formats.python.chunks import Chunk, Placed
from lint.formats.python.nodes import chunk_nodes
from lint.formats.python.plain import plain_nodes
from lint.text.lines import split_lines

from ...conftest import REPO

EVERYTHING = frozenset({""})  # every name, string and comment is wanted

# Lines where CPython's tree and LibCST's differ, or could: each must be read as LibCST
# reads it, or left to LibCST.
TRICKY = """\
x0 = ThrottleManager(0)  # the ThrottleManager
RunConfig(buffer_size=10, throttle=None)  # member keyword
cfg = config.RunConfig(throttle=1)
print(RunConfig.throttle)
value = x.RunConfig.throttle
value = (RunConfig.throttle)
value = (RunConfig).throttle
(make.RunConfig)(throttle=2)
make (throttle=3)
flag = True or False or None
text = "a ThrottleManager" "b ThrottleManager"
text = f"{throttle_manager} throttle"
text = u"throttle" + r'\\'' + b"throttle" + 'it\\'s a ThrottleManager'
text = \"\"\"throttle\"\"\"
pair = b"ThrottleManager", "ThrottleManager"
check(b"", b, ThrottleManager)
a = 1; throttle = 2
if ready: throttle_manager = 3
x = 1 \\
    + throttle
value = "ThrottleManager é"
sliced = rows[1:2, ::3][throttle]
merged = {**base, "k": throttle, throttle_key: 1}
call(*args, key=1, *more, **kwargs, throttle_manager=2)
power = -throttle ** 2 if ready else ...
del cache.throttle, rows[0]
assert throttle_manager, "a ThrottleManager message"
raise ThrottleError from LLMWaitError
limit: ThrottleLimit = throttle_manager.limit  # the LLM-wait pool\x20\x20\x20
limit += throttle\t# tab before the ThrottleManager
chosen = [throttle for throttle in rows]
pick = lambda throttle: throttle
"a lone ThrottleManager string"
throttle_manager.release()
nested = outer(inner(throttle=1), throttle=2)
"""

ASYNC = """\
async def run():
    await throttle_manager.acquire(throttle=1)
    return (await x)
"""


def _statements(module: ast.Module) -> Iterator[ast.stmt]:
    for node in ast.walk(module):
        if isinstance(node, ast.stmt):
            yield node


def _read_by_libcst(lines: list[str], statement: ast.stmt, engine: Engine) -> list[Placed]:
    line = lines[statement.lineno - 1]
    chunk = Chunk(statement.lineno, statement.lineno, len(line) - len(line.lstrip(" \t")), False)
    return [
        Placed(
            p.text,
            p.context,
            p.line + chunk.first - 1,
            p.column + chunk.removed(line),
            p.module_path,
            p.member,
            p.wanted,
        )
        for p in chunk_nodes(chunk.text(lines), False, engine, EVERYTHING)
    ]


def _compare(source: str, engine: Engine) -> int:
    """Check every plain statement of `source`; how many there were."""
    lines = split_lines(source, keep_ends=True)
    plain = 0
    for statement in _statements(ast.parse(source)):
        line = lines[statement.lineno - 1]
        by_cpython = plain_nodes(statement, line, engine, EVERYTHING)
        if by_cpython is not None:
            plain += 1
            assert by_cpython == _read_by_libcst(lines, statement, engine), line
    return plain


def test_tricky_lines_are_read_as_libcst_reads_them_or_left_to_it(engine: Engine) -> None:
    assert _compare(TRICKY, engine) == 20  # the others are left to LibCST
    assert _compare(ASYNC, engine) == 1


IMPORTS = """\
import os
import os.path as osp, sys  # two
from . import sibling
from ..pkg.mod import Name as Alias, other
from airflow.operators.subdag import SubDagOperator  # noqa: F401
from pkg import *
import  pkg.mod  as  m
from engine.throttle_manager import ThrottleManager as throttle  # module paths are not fixed
import engine.throttle_manager
"""


def test_one_line_imports_are_read_as_libcst_reads_them(engine: Engine) -> None:
    assert _compare(IMPORTS, engine) == 9


@pytest.mark.parametrize("line", ["import a . b\n", "from a . b import c\n", "from a import (b, c)\n"])
def test_imports_spaced_or_parenthesised_are_left_to_libcst(line: str, engine: Engine) -> None:
    statement = ast.parse(line).body[0]
    assert plain_nodes(statement, line, engine, EVERYTHING) is None


@pytest.mark.parametrize(
    "line",
    [
        "value = (RunConfig.throttle)\n",
        "(make.RunConfig)(throttle=2)\n",
        "make (throttle=3)\n",
        'text = "a" "b"\n',
        'text = f"{x}"\n',
        'text = """x"""\n',
        "a = 1; b = 2\n",
        'value = "é"\n',
        '"a lone string"\n',
        "chosen = [t for t in rows]\n",
    ],
)
def test_what_only_libcst_reads_as_written_is_left_to_it(line: str, engine: Engine) -> None:
    for statement in ast.parse(line).body:
        assert plain_nodes(statement, line, engine, EVERYTHING) is None


def _sources() -> list[Path]:
    standard_library = sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py"))[::5]
    own = sorted(REPO.joinpath("lint").rglob("*.py"))
    return standard_library + own


@pytest.mark.parametrize("path", _sources(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_plain_statements_of_real_files_are_read_as_libcst_reads_them(path: Path, engine: Engine) -> None:
    try:
        source = path.read_text(encoding="utf-8")
        ast.parse(source)
    except (SyntaxError, UnicodeDecodeError):
        pytest.skip("not a Python 3 file this interpreter parses")
    _compare(source, engine)


def test_the_sample_holds_thousands_of_plain_statements(engine: Engine) -> None:
    """The comparison above is not vacuous: most one-line statements are plain."""
    total = sum(_compare(path.read_text(encoding="utf-8"), engine) for path in _sources()[:40])
    assert total > 2000


def test_findings_are_those_of_libcst_alone(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> None:
    """The whole scan, with plain statements and with LibCST reading everything."""
    source = IMPORTS + TRICKY + ASYNC + "class Host:\n" + "".join(f"    {line}\n" for line in TRICKY.splitlines())
    path = "pkg/module.py"
    found = python_scanner.scan_python(source, path, engine, engine.scope_for(path))
    monkeypatch.setattr(python_scanner, "plain_nodes", lambda *args, **kwargs: None)
    assert found == python_scanner.scan_python(source, path, engine, engine.scope_for(path))
    assert len(found) > 40


def test_a_line_chaining_thousands_of_operators_is_read_whole(scan_py: Any) -> None:
    """CPython's tree is read by a loop: a chain deeper than Python's recursion limit is read
    as LibCST reads it, with no parse error."""
    found = scan_py("x = " + " + ".join(["throttle_manager"] * 2000) + "  # the ThrottleManager\n")
    assert [finding.rule.value for finding in found] == ["removed-name"] * 2001
    assert found[-1].context.value == "comment"
