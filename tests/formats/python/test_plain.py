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


def _statements(module: ast.Module) -> Iterator[tuple[ast.stmt, bool]]:
    """Every statement, and whether it is the first of its scope (where a string is the docstring)."""
    for parent in ast.walk(module):
        scope = isinstance(parent, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        for name in ("body", "orelse", "finalbody"):
            block = getattr(parent, name, None)
            if isinstance(block, list):
                for index, statement in enumerate(block):
                    if isinstance(statement, ast.stmt):
                        yield statement, scope and name == "body" and index == 0
        for inner in [*getattr(parent, "handlers", []), *getattr(parent, "cases", [])]:
            yield from ((statement, False) for statement in inner.body)


def _in_order(placed: list[Placed]) -> list[Placed]:
    return sorted(placed, key=lambda node: (node.line, node.column))


def _read_by_libcst(lines: list[str], statement: ast.stmt, docstring: bool, engine: Engine) -> list[Placed]:
    """The statement as the scanner has LibCST read it: dedented, placed back in the file."""
    first, last = statement.lineno, statement.end_lineno or statement.lineno
    indent = len(lines[first - 1]) - len(lines[first - 1].lstrip(" \t"))
    chunk = Chunk(first, last, indent, docstring)
    placed = []
    for node in chunk_nodes(chunk.text(lines), docstring, engine, EVERYTHING):
        line = node.line + first - 1
        column = node.column + chunk.removed(lines[line - 1])
        text = node.text
        if "\n" in text:  # as the file writes it, indentation and all
            end_line = line + text.count("\n")
            end_column = len(text.rpartition("\n")[2]) + chunk.removed(lines[end_line - 1])
            text = lines[line - 1][column:] + "".join(lines[line : end_line - 1]) + lines[end_line - 1][:end_column]
        placed.append(node._replace(text=text, line=line, column=column))
    return _in_order(placed)


def _compare(source: str, engine: Engine) -> int:
    """Check every plain statement of `source`; how many there were."""
    lines = split_lines(source, keep_ends=True)
    plain = 0
    for statement, docstring in _statements(ast.parse(source)):
        by_cpython = plain_nodes(statement, lines, docstring, engine, EVERYTHING)
        if by_cpython is not None:
            plain += 1
            written = "".join(lines[statement.lineno - 1 : statement.end_lineno])
            assert by_cpython == _read_by_libcst(lines, statement, docstring, engine), written
    return plain


def test_tricky_lines_are_read_as_libcst_reads_them_or_left_to_it(engine: Engine) -> None:
    assert _compare(TRICKY, engine) == 24  # the others are left to LibCST
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


def test_imports_over_lines_and_in_parentheses_are_read_as_libcst_reads_them(engine: Engine) -> None:
    source = (
        "from a import (b, c)  # two\n"
        "from airflow.utils.log.secrets_masker import (\n"
        "    _secrets_masker,  # private (kept)\n"
        "    should_hide_value_for_key as hide,\n"
        ")\n"
        "from . import (sibling)\n"
        "import os, \\\n    throttle_manager\n"
    )
    assert _compare(source, engine) == 4


@pytest.mark.parametrize(
    "source",
    ["import a . b\n", "from a . b import c\n", "from a import (b\n    as c)\n", "from a import \\\n    (b)\n"],
)
def test_imports_spaced_or_parted_from_their_alias_are_left_to_libcst(source: str, engine: Engine) -> None:
    statement = ast.parse(source).body[0]
    assert plain_nodes(statement, source.splitlines(keepends=True), False, engine, EVERYTHING) is None


@pytest.mark.parametrize(
    "line",
    [
        "value = (RunConfig.throttle)\n",
        "(make.RunConfig)(throttle=2)\n",
        "make (throttle=3)\n",
        'text = f"{x}"\n',
        'text = "a" f"{x}"\n',
        "a = 1; b = 2\n",
        'value = "é"\n',
        "chosen = [t for t in rows]\n",
    ],
)
def test_what_only_libcst_reads_as_written_is_left_to_it(line: str, engine: Engine) -> None:
    for statement in ast.parse(line).body:
        assert plain_nodes(statement, [line], False, engine, EVERYTHING) is None


# Statements over several lines: strings (a docstring too), comments between arguments
# and inside literals, a `#` and parentheses inside strings, continuations.
SPANNING = '''\
"""The module's ThrottleManager docstring.

Spans lines (and holds parentheses) # not a comment.
"""
import warnings


class Host:
    r"""A class docstring: the LLM-wait pool."""

    def method(self):
        \'\'\'A method's ThrottleManager docstring
        over two lines.\'\'\'
        warnings.warn(
            """This class is deprecated.
            Please use `ThrottleManager` (the new one) # still a string.""",
            DeprecationWarning,  # the throttle warning
            stacklevel=2,
        )
        return throttle_manager


LOGGING: Dict[str, Any] = {
    "version": 1,
    # the ThrottleManager's handlers (all of them)
    "handlers": {"throttle": {"class": ThrottleManager, "level": None}},
    "keys": [
        throttle_manager
        .release,
        b"throttle",
    ],
}
limits = call(
    first,
    throttle=1,
    **extra,
)
warnings.warn(
    "This function is deprecated (the ThrottleManager). Please use "  # the LLM-wait pool
    r'`RequestAdmissionController`\\\\' u"throttle"
    """and a ThrottleManager.""",
    DeprecationWarning,
)
CHECKSUM = b"throttle" b'ThrottleManager' b"""LLM-wait""", "x"
total = 1 + \\
    throttle
"a string, not a docstring"
'''


def test_statements_over_lines_are_read_as_libcst_reads_them(engine: Engine) -> None:
    assert _compare(SPANNING, engine) == 12
    found = plain_nodes(ast.parse(SPANNING).body[0], split_lines(SPANNING, keep_ends=True), True, engine, EVERYTHING)
    assert found is not None and [node.context.value for node in found] == ["docstring"]


@pytest.mark.parametrize(
    "source",
    [
        "value = (\n    RunConfig.throttle\n)\n",
        "call(\n    (throttle)\n)\n",
        "rows = [\n    x for x in throttle\n]\n",
        "text = (\n    'a'\n    'b'\n)\n",
        'text = f"""\n{throttle}\n"""\n',
        "value = [\n    1,\n]; other = 2\n",
    ],
)
def test_statements_over_lines_only_libcst_reads_as_written_are_left_to_it(source: str, engine: Engine) -> None:
    statement = ast.parse(source).body[0]
    assert plain_nodes(statement, split_lines(source, keep_ends=True), False, engine, EVERYTHING) is None


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
    indented = "".join(f"    {line}\n" if line else "\n" for line in (TRICKY + SPANNING).splitlines())
    source = SPANNING + IMPORTS + TRICKY + ASYNC + "class Host:\n" + indented
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


def test_comments_inside_a_parenthesised_import_are_read(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> None:
    """A stale word or a directive in a comment between an import's names is read, by
    CPython's tree and by LibCST alike (LibCST's reading once skipped the whole import)."""
    source = (
        "from engine.throttle import (  # the ThrottleManager\n"
        "    ThrottleManager,  # vocab-lint: allow[throttle-manager] kept for the old API\n"
        "    other,  # the LLM-wait pool\n"
        ")\n"
    )
    path = "pkg/module.py"
    found = python_scanner.scan_python(source, path, engine, engine.scope_for(path))
    monkeypatch.setattr(python_scanner, "plain_nodes", lambda *args, **kwargs: None)
    assert python_scanner.scan_python(source, path, engine, engine.scope_for(path)) == found
    assert [(finding.line, finding.context.value) for finding in found] == [
        (1, "comment"),
        (3, "comment"),
    ]
