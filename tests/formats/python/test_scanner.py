"""The LibCST scanner: every context and rule at exact positions (design sections 4 to 7)."""

from __future__ import annotations

import ast
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lint.engine.engine import Engine
from lint.findings import Finding
from lint.formats.python.limits import MAX_FSTRING_FIELDS, largest_fstring
from lint.runner import Job, make_jobs, scan_all, scan_file
from lint.text.lines import split_lines

from ...conftest import DATA, REPO, brief, write

Scan = Callable[..., list[Finding]]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Only the innermost statement holding a name is parsed, dedented: positions stay the file's.
        pytest.param(
            'class A:\n    def f(self):\n        """Summary.\n\n        Uses the ThrottleManager.\n        """\n',
            [(5, 18, 33, "removed-name", "docstring", "ThrottleManager")],
            id="inner-method-docstring-later-line",
        ),
        pytest.param(
            "class A:\n    def f(self):\n        x = 1\n        'the ThrottleManager'\n",
            [(4, 14, 29, "removed-name", "string", "ThrottleManager")],
            id="inner-string-not-first-is-no-docstring",
        ),
        pytest.param(
            "def f(x):\n    if x:\n        pass\n    elif x is ThrottleManager:\n        pass\n",
            [(4, 15, 30, "removed-name", "identifier", "ThrottleManager")],
            id="inner-elif-header",
        ),
        pytest.param(
            "def f():\n    x = 1\n    # the ThrottleManager is gone\n    return x\n",
            [(3, 11, 26, "removed-name", "comment", "ThrottleManager")],
            id="inner-comment-line-between-statements",
        ),
        pytest.param(
            "class A:\n    @ThrottleManager.wrap\n    def f(self):\n        pass\n",
            [(2, 6, 21, "removed-name", "identifier", "ThrottleManager")],
            id="inner-decorator",
        ),
        pytest.param(
            "class ThrottleManager:\n    pass\n",
            [(1, 7, 22, "removed-name", "identifier", "ThrottleManager")],
            id="identifier-class-definition",
        ),
        pytest.param(
            "def run(throttle_manager):\n    return throttle_manager\n",
            [
                (1, 9, 25, "removed-name", "identifier", "throttle_manager"),
                (2, 12, 28, "removed-name", "identifier", "throttle_manager"),
            ],
            id="identifier-parameter-and-reference",
        ),
        pytest.param(
            "x: ThrottleDomain = None\n",
            [(1, 4, 18, "removed-name", "identifier", "ThrottleDomain")],
            id="identifier-annotation",
        ),
        pytest.param(
            "def f():\n    global max_llm_wait\n",
            [(2, 16, 24, "removed-name", "identifier", "llm_wait")],
            id="identifier-global-embedded",
        ),
        pytest.param(
            "from engine.throttle_manager import ThrottleManager as TM\n",
            [
                (1, 13, 29, "removed-name", "import", "throttle_manager"),
                (1, 37, 52, "removed-name", "import", "ThrottleManager"),
            ],
            id="import-from",
        ),
        pytest.param(
            "import engine.throttled_model_client\n",
            [(1, 15, 37, "removed-name", "import", "throttled_model_client")],
            id="import-module",
        ),
        pytest.param(
            "self._submission_semaphore.release()\n",
            [(1, 6, 27, "removed-name", "attribute", "_submission_semaphore")],
            id="attribute",
        ),
        pytest.param(
            "Scheduler(max_llm_wait_tasks=4)\n",
            [(1, 11, 29, "removed-name", "keyword", "max_llm_wait_tasks")],
            id="keyword",
        ),
        pytest.param(
            'resources = {"llm_wait": 4}\n',
            [(1, 15, 23, "removed-name", "string", "llm_wait")],
            id="string-resource-key",
        ),
        pytest.param(
            'name = f"{x} uses ThrottleDomain now"\n',
            [(1, 19, 33, "removed-name", "string", "ThrottleDomain")],
            id="string-fstring-literal-part",
        ),
        pytest.param('b = b"ThrottleDomain"\n', [], id="bytes-are-not-text"),
        pytest.param(
            'def f():\n    """Wraps the\n    ThrottledModelClient."""\n',
            [(3, 5, 25, "removed-name", "docstring", "ThrottledModelClient")],
            id="docstring-multiline",
        ),
        pytest.param(
            "x = 1  # see THROTTLE_MANAGER for limits\n",
            [(1, 14, 30, "removed-name", "comment", "THROTTLE_MANAGER")],
            id="comment",
        ),
        pytest.param(
            "x = 1  # the rate limiter holds calls\n",
            [(1, 14, 26, "non-canonical-term", "comment", "rate limiter")],
            id="non-canonical-in-comment",
        ),
        pytest.param(
            "def f():\n    '''Calls are throttled here.'''\n    throttle = 1\n",
            [],
            id="prose-words-never-fire-in-code",
        ),
        pytest.param(
            "from data_designer.engine.models.clients.request_admission import X\n",
            [(1, 27, 59, "moved-module", "import", "models.clients.request_admission")],
            id="moved-module-import",
        ),
        pytest.param(
            'path = "data_designer.engine.dataset_builders.utils.task_model"\n',
            [(1, 30, 63, "moved-module", "string", "dataset_builders.utils.task_model")],
            id="moved-module-string",
        ),
        pytest.param(
            "from data_designer.engine.models.request_admission.controller import X\n",
            [],
            id="moved-module-new-home-is-fine",
        ),
        pytest.param(
            "config = ThrottleConfig()\n",
            [(1, 10, 24, "deprecated-name", "identifier", "ThrottleConfig")],
            id="deprecated-name",
        ),
        pytest.param(
            "RunConfig(buffer_size=10, throttle=None)\nprint(RunConfig.throttle)\nother(throttle=1)\n",
            [
                (1, 27, 35, "deprecated-name", "keyword", "throttle"),
                (2, 7, 25, "deprecated-name", "attribute", "RunConfig.throttle"),
            ],
            id="member-term-keyword-and-attribute",
        ),
    ],
)
def test_contexts_and_rules_at_exact_positions(scan_py: Scan, source: str, expected: list[tuple[Any, ...]]) -> None:
    assert brief(scan_py(source)) == expected


def test_member_term_suggests_the_member_replacement(scan_py: Scan) -> None:
    (finding,) = scan_py("cfg = RunConfig(throttle=None)\n")
    assert (finding.term, finding.replacement, finding.fixable) == ("run-config-throttle", "request_admission", True)


def test_matched_text_is_the_source_at_the_span(scan_py: Scan) -> None:
    source = textwrap.dedent(
        '''\
        """Module doc: the ThrottleManager
        and the LLM-wait pool."""
        x = """
            needs_llm_wait \\n throttle_manager
        """
        '''
    )
    lines = source.splitlines()
    findings = scan_py(source)
    assert len(findings) == 4
    for finding in findings:
        assert finding.line == finding.end_line
        assert lines[finding.line - 1][finding.column - 1 : finding.end_column - 1] == finding.matched


def test_json_fields_of_a_finding(scan_py: Scan) -> None:
    (finding,) = scan_py("manager = _create_throttle_manager()\n")
    assert finding.to_json() == {
        "path": "pkg/module.py",
        "line": 1,
        "column": 19,
        "end_line": 1,
        "end_column": 35,
        "rule": "removed-name",
        "severity": "error",
        "term": "throttle-manager",
        "matched": "throttle_manager",
        "context": "identifier",
        # The message names what is written, and the replacement as `fix` would write it there.
        "message": "'throttle_manager' was removed; use 'request_admission_controller' "
        "(its adaptive (AIMD) part lives on as AdaptiveRequestAdmissionController)",
        "replacement": "request_admission_controller",
        "fixable": True,
        "applicability": "safe",
    }


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "x = ThrottleDomain  # vocab-lint: allow[throttle-domain] migrating\n", [], id="end-of-line-by-id"
        ),
        pytest.param("x = ThrottleDomain  # vocab-lint: allow[ThrottleDomain]\n", [], id="end-of-line-by-name"),
        pytest.param("x = ThrottleDomain  # vocab-lint: allow\n", [], id="bare-allow"),
        pytest.param("# vocab-lint: allow[throttle-domain]\nx = ThrottleDomain\n", [], id="own-line-next-line"),
        pytest.param(
            "# vocab-lint: off\nx = ThrottleDomain\ny = ThrottleManager\n# vocab-lint: on\nz = ThrottleDomain\n",
            [(5, 5, 19, "removed-name", "identifier", "ThrottleDomain")],
            id="off-on-region",
        ),
        pytest.param(
            "# vocab-lint: off[throttle-domain]\nx = ThrottleDomain\ny = ThrottleManager\n",
            [(3, 5, 20, "removed-name", "identifier", "ThrottleManager")],
            id="off-with-ids",
        ),
        pytest.param(
            "x = ThrottleDomain  # vocab-lint: allow[throttle-manager]\n",
            [
                (1, 5, 19, "removed-name", "identifier", "ThrottleDomain"),
                (1, 21, 58, "unused-suppression", "comment", "# vocab-lint: allow[throttle-manager]"),
            ],
            id="wrong-id-is-unused",
        ),
        pytest.param(
            "x = 1  # vocab-lint: allow\n",
            [(1, 8, 27, "unused-suppression", "comment", "# vocab-lint: allow")],
            id="unused-suppression",
        ),
    ],
)
def test_suppressions(scan_py: Scan, source: str, expected: list[tuple[Any, ...]]) -> None:
    assert brief(scan_py(source)) == expected


def test_deprecated_name_is_allowed_in_the_shim(scan_py: Scan) -> None:
    source = "from pkg.config import ThrottleConfig\n"
    assert scan_py(source, "pkg/compat.py") == []
    assert scan_py(source, "tests/test_compat.py") == []
    assert [f.rule.value for f in scan_py(source, "pkg/run.py")] == ["deprecated-name"]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("def broken(:\n    ThrottleManager()\n", id="syntax-error"),
        pytest.param('print "hello"\nmanager = ThrottleManager()\n', id="python-2"),
        pytest.param("{% if x %}\nmanager = ThrottleManager()\n{% endif %}\n", id="template"),
        pytest.param('x = """unterminated\nThrottleManager\n', id="unterminated-string"),
    ],
)
def test_unparseable_files_are_reported_and_still_scanned(scan_py: Scan, source: str) -> None:
    findings = scan_py(source)
    rules = [f.rule.value for f in findings]
    assert "parse-error" in rules
    assert "removed-name" in rules
    removed = next(f for f in findings if f.rule.value == "removed-name")
    assert removed.line == 2
    assert source.splitlines()[1][removed.column - 1 : removed.end_column - 1] == removed.matched


def test_deeply_nested_expression_falls_back(scan_py: Scan) -> None:
    source = "x = " + "(" * 1200 + "1" + ")" * 1200 + "\nmanager = ThrottleManager()\n"
    rules = [f.rule.value for f in scan_py(source)]
    assert rules[0] == "parse-error"
    assert "removed-name" in rules


def test_file_name_context(engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, {"engine/throttle_manager.py": "x = 1\n"}) / "engine/throttle_manager.py"
    result = scan_file(Job(str(path), "engine/throttle_manager.py", "engine/throttle_manager.py"), engine)
    assert [(f.line, f.column, f.rule.value, f.context.value, f.matched, f.replacement) for f in result.findings] == [
        (1, 1, "removed-name", "filename", "throttle_manager.py", "request_admission/controller.py")
    ]


def test_a_stale_file_name_among_many_clean_files_is_reported(engine: Engine, tmp_path: Path) -> None:
    """The paths of a tree are searched at once; the one that names a removed module is found."""
    write(tmp_path, {**{f"pkg/m{i}.py": "x = 1\n" for i in range(70)}, "engine/throttle_manager.py": "x = 1\n"})
    jobs = make_jobs(sorted(tmp_path.rglob("*.py")), tmp_path, tmp_path)
    for workers in (1, 2):
        found = [(r.path, f.context.value) for r in scan_all(jobs, engine, workers) for f in r.findings]
        assert found == [("engine/throttle_manager.py", "filename")]


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    """A copy of the legacy fixture, outside this repository's own settings."""
    return Path(shutil.copytree(DATA / "legacy_engine", tmp_path / "legacy_engine"))


def test_legacy_repository_finds_every_stale_name(run_cli: Any, legacy: Path) -> None:
    """The realistic fixture: every expected finding, nothing more, nothing in clean code."""
    result = run_cli("check", ".", "--format", "json", cwd=legacy)
    import json

    findings = json.loads(result.out)["findings"]
    got = sorted(f"{f['path']}:{f['line']}:{f['column']} {f['rule']} {f['term']} {f['matched']}" for f in findings)
    expected = sorted(line for line in (DATA / "legacy_engine.expected").read_text().splitlines() if line)
    assert got == expected
    assert result.code == 1
    assert not any(f["path"].endswith("clean.py") for f in findings)
    matched = {f["matched"] for f in findings}
    # Forms a grep for the listed names misses:
    assert {"llm_wait", "throttle_manager", "THROTTLE_MANAGER", "throttleManager"} <= matched
    assert any(f["matched"] == "llm_wait" and f["context"] == "string" for f in findings)


def test_worker_processes_give_the_same_result(run_cli: Any, legacy: Path) -> None:
    one = run_cli("check", ".", "--format", "json", "--jobs", "1", cwd=legacy)
    two = run_cli("check", ".", "--format", "json", "--jobs", "2", cwd=legacy)
    assert one.out == two.out
    assert one.code == two.code == 1


def _string_or_comment_lines(source: str) -> set[int]:
    """Every line a `#` or a string literal stands on, from a walk of the whole tree."""
    lines = source.split("\n")
    known = {number for number, text in enumerate(lines, 1) if "#" in text}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            known.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return known


def test_prose_lines_are_the_lines_of_comments_and_strings() -> None:
    """Asked line by line, the prose lines descend the tree only where a line stands; they
    must be those of a walk of the whole tree (this repository's own modules, decorators,
    f-strings and strings spanning lines included)."""
    from lint.formats.python.scanner import ProseLines, python_outline

    sources = [path.read_text(encoding="utf-8") for path in sorted((REPO / "lint").rglob("*.py"))]
    sources.append('@app.route(\n    "/a"\n)\ndef f(x=f"{y}"):\n    """Doc\n    more."""\n    return 1\n')
    for source in sources:
        lines = split_lines(source, keep_ends=True)
        prose = ProseLines(python_outline(source), lines)
        expected = _string_or_comment_lines(source)
        assert {number for number in range(1, len(lines) + 1) if number in prose} == expected


def test_a_chain_of_operators_deeper_than_the_recursion_limit_is_scanned(scan_py: Scan) -> None:
    """`ast` parses a sum of 1,200 terms; looking up a line's prose standing in it must not
    recurse (it once fell back to tokens, with a parse error)."""
    source = "x = " + " + ".join(["a"] * 1200) + " + connection_pool\nm = ThrottleManager()\n"
    assert [f.rule.value for f in scan_py(source)] == ["removed-name"]


def test_the_token_path_keeps_every_directive_and_finding(scan_py: Scan) -> None:
    """A file no parser accepts is read token by token; only tokens that may hold a phrase
    become segments, but every comment is still read for its directives."""
    source = (
        "def broken(:\n"
        "a = ThrottleManager()  # vocab-lint: allow[throttle-manager]\n"
        "b = ThrottleManager()\n"
        "x = 1  # vocab-lint: allow[llm-wait]\n"
        "y = 'the ThrottleManager'  # a ThrottleManager\n"
    )
    findings = scan_py(source)
    assert [(f.line, f.column, f.message) for f in findings if f.rule.value == "parse-error"] == [
        (1, 12, "could not parse as Python (invalid syntax); scanned token by token instead")
    ]  # where and as CPython says: LibCST's native parser points past the error
    found = [(f.line, f.rule.value, f.context.value) for f in findings if f.rule.value != "parse-error"]
    assert found == [
        (3, "removed-name", "identifier"),
        (4, "unused-suppression", "comment"),
        (5, "removed-name", "string"),
        (5, "removed-name", "comment"),
    ]


@pytest.mark.parametrize(
    ("literal", "fields"),
    [
        pytest.param("f'{a} and {b!r:>{width}}'", 3, id="nested-in-a-format-spec"),
        pytest.param("F'{{not}} {a}'", 1, id="doubled-braces-are-text"),
        pytest.param("rf'''\n{a}\n{b}\n'''", 2, id="triple-quoted-over-lines"),
        pytest.param("'{a}' b'{b}' r'{c}'", 0, id="not-f-strings"),
    ],
)
def test_the_fields_of_an_fstring_are_counted(literal: str, fields: int) -> None:
    assert largest_fstring(f"x = {literal}\n") == fields


def test_an_fstring_the_parser_reads_in_quadratic_time_is_read_token_by_token(scan_py: Scan) -> None:
    """CPython's parser takes time quadratic in the replacement fields of one f-string (a
    megabyte of them: minutes); past the limit the file is read token by token."""
    at_limit = "x = ThrottleManager(f'" + "{a}" * MAX_FSTRING_FIELDS + "')\n"
    assert [(f.rule.value, f.context.value) for f in scan_py(at_limit)] == [("removed-name", "identifier")]
    past_limit = "x = ThrottleManager(f'" + "{a}" * (MAX_FSTRING_FIELDS + 1) + "')  # a ThrottleDomain\n"
    findings = scan_py(past_limit)
    assert [(f.line, f.column, f.message) for f in findings if f.rule.value == "parse-error"] == [
        (
            1,
            1,
            "could not parse as Python (an f-string of more than 2,000 replacement fields); scanned token by token instead",
        )
    ]
    assert [(f.rule.value, f.context.value, f.matched) for f in findings if f.rule.value != "parse-error"] == [
        ("removed-name", "identifier", "ThrottleManager"),
        ("removed-name", "comment", "ThrottleDomain"),
    ]


def test_the_token_path_reads_the_text_of_fstrings(scan_py: Scan) -> None:
    """From Python 3.12 the tokenizer splits an f-string into tokens of its own."""
    findings = scan_py("def broken(:\ny = f'the ThrottleManager {x} and ThrottleDomain'\n")
    assert [(f.line, f.column, f.context.value) for f in findings if f.rule.value != "parse-error"] == [
        (2, 11, "string"),
        (2, 35, "string"),
    ]


def test_a_comment_line_after_statements_sharing_a_line_is_read(scan_py: Scan) -> None:
    """Two statements on one line counted it twice, so the comment line after them seemed
    covered by a statement and was never read."""
    findings = scan_py("x = ThrottleManager; y = throttle_manager\n# ThrottleManager comment\n")
    assert [(f.line, f.column, f.context.value) for f in findings] == [
        (1, 5, "identifier"),
        (1, 26, "identifier"),
        (2, 3, "comment"),
    ]
