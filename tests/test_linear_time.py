"""Every input scans in time linear in its size, measured without a clock.

The cost of a scan is counted as the lines of the tool's own code that run (a trace
hook), which does not depend on the machine or its load: doubling an input must about
double the count. A quadratic step makes the ratio approach 4.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest

import lint
from lint.engine.engine import Engine
from lint.fix.edits import fix_text
from lint.formats import PYTHON
from lint.formats.markdown.scanner import scan_markdown
from lint.formats.python.scanner import scan_python

LINT = lint.__path__[0]


def _lines_run(action: Callable[[], object]) -> int:
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if not frame.f_code.co_filename.startswith(LINT):
            return None
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        action()
    finally:
        sys.settrace(None)
    return count


CASES = {
    "python-statements": ("a.py", lambda n: "x = ThrottleManager()  # throttle\n" * n),
    "python-tokens": ("a.py", lambda n: "def broken(:\n" + "x = ThrottleManager()  # throttle\n" * n),
    "python-one-statement": ("a.py", lambda n: "x = [\n" + "    ThrottleManager(),  # throttle\n" * n + "]\n"),
    "python-one-statement-of-strings": (
        "a.py",
        lambda n: "x = [\n" + "    'a ThrottleManager',  # throttle\n" * n + "]\n",
    ),
    "python-one-concatenation": (
        "a.py",
        lambda n: "call(\n" + "    'a ThrottleManager'  # throttle\n" * n + ")\n",
    ),
    "python-match-cases": ("a.py", lambda n: "match x:\n" + "    case ThrottleManager.a: pass\n" * n),
    "python-comments-in-blocks": (
        "a.py",
        lambda n: "if a:\n    x = 1\n    # ThrottleManager\n    b = ThrottleManager(c)\n" * n,
    ),
    "markdown-paragraph": ("a.md", lambda n: "The ThrottleManager throttles calls. " * n + "\n"),
    "markdown-list": ("a.md", lambda n: "- The ThrottleManager is throttled here.\n" * n),
    "markdown-one-line-of-words": ("a.md", lambda n: "throttle " * (4 * n) + "\n"),
    "markdown-conflation-clauses": ("a.md", lambda n: "The record window, more concurrency; " * n + "\n"),
    "python-allowed-lines": ("a.py", lambda n: "x = ThrottleManager()  # vocab-lint: allow[throttle-manager]\n" * n),
    "python-off-regions": ("a.py", lambda n: "# vocab-lint: off\nx = ThrottleManager()\n# vocab-lint: on\n" * n),
    "markdown-allowed-blocks": ("a.md", lambda n: "<!-- vocab-lint: allow -->\nThe throttle here.\n\n" * n),
    "markdown-table-row": ("a.md", lambda n: "| " + " | ".join(["throttle"] * n) + " |\n|" + " --- |" * n + "\n"),
    "markdown-directive-lines": ("a.md", lambda n: "<!-- vocab-lint: allow -->\n" * n + "throttle\n"),
    "markdown-conflation-sides-apart": ("a.md", lambda n: "concurrency " * n + "and the record window " * n + "\n"),
    # One word longer than the pieces a long window is read in (a 1 MB string took 24 s).
    "python-one-long-word": ("a.py", lambda n: "x = '" + "a" * (50 * n) + "'; m = ThrottleManager()\n"),
    "markdown-one-long-word": ("a.md", lambda n: "The throttle " + "a" * (50 * n) + " throttle\n"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_doubling_an_input_doubles_the_work(engine: Engine, case: str) -> None:
    path, make = CASES[case]
    scan = scan_python if path.endswith(".py") else scan_markdown
    small, large = (_lines_run(lambda n=n: scan(make(n), path, engine, engine.scope_for(path))) for n in (400, 800))
    assert large / small < 2.2, f"{case}: {small} -> {large} lines run"


def test_doubling_a_file_to_fix_doubles_the_work(engine: Engine) -> None:
    """Each rename is checked for collisions against the names of its own line (each was
    checked against every name of the file: 400 KB of stale lines took 12 s to fix)."""

    def fix(n: int) -> None:
        text = "".join(f"x{i} = ThrottleManager({i})\n" for i in range(n))
        result = fix_text(text, scan_python(text, "a.py", engine, engine.scope_for("a.py")), file_format=PYTHON)
        assert result.fixed.count("RequestAdmissionController") == n

    small, large = (_lines_run(lambda n=n: fix(n)) for n in (400, 800))
    assert large / small < 2.2, f"{small} -> {large} lines run"


def test_a_segment_with_many_hits_indexes_its_lines_once(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Positions inside one long segment are looked up, not found by scanning the text before
    them (a 5 MB line with 300,000 hits took 415 s that way); a clock cannot see this, a count can."""
    from lint.scan import segments

    built: list[int] = []
    real = segments.LineIndex

    def counting(text: str) -> Any:
        built.append(len(text))
        return real(text)

    monkeypatch.setattr(segments, "LineIndex", counting)
    line = "the ThrottleManager throttles " * 2000 + "\n"
    findings = scan_markdown(line, "a.md", engine, engine.scope_for("a.md"))
    assert len(findings) == 4000
    assert len(built) <= 2, built


def test_a_name_repeated_thousands_of_times_shares_one_message(engine: Engine) -> None:
    """Memory per finding stays small on a dense file: the hits of one written name share
    their message and replacement instead of formatting new ones each time."""
    text = "The ThrottleManager is throttled here.\n" * 3
    findings = scan_markdown(text, "page.md", engine, engine.scope_for("page.md"))
    stale = [f for f in findings if f.matched == "ThrottleManager"]
    assert [f.line for f in stale] == [1, 2, 3]
    assert stale[0].message is stale[1].message is stale[2].message
    assert stale[0].replacement is stale[2].replacement


def test_the_prefilter_looks_for_the_phrases_of_a_dense_file_in_one_pass() -> None:
    """A file where a phrase's anchor stands on every line but the phrase never does: the
    text near the anchors is searched for the phrases in one RE2 pass (linear time,
    whatever the text holds), never word by word from each occurrence."""
    from lint.engine.prefilter import Prefilter
    from lint.text.words import word_tuple

    prefilter = Prefilter([word_tuple("throttle config")])
    search = prefilter.search
    (real,) = search.written
    searched: list[tuple[int, int]] = []

    class Counted:
        def search(self, text: bytes, low: int, high: int) -> Any:
            searched.append((low, high))
            return real.search(text, low, high)

    search.__dict__["written"] = (Counted(),)  # where `cached_property` keeps its value
    text = "x = ThrottleManager()  # throttle\n" * 4000
    assert not prefilter.may_match(text)
    assert len(searched) == 1
    assert searched[0][0] == 0 and searched[0][1] >= len(text)


def test_a_name_imported_from_many_modules_costs_each_chain_little() -> None:
    """Which full names a chain's first name stands for is read from the file's imports;
    one name imported from thousands of modules is left to the resolver, not asked of each
    of its thousands of chains."""
    from lint.vocabulary.load import load_vocabulary

    from .conftest import DATA

    engine = Engine(load_vocabulary(DATA / "numpy2" / "vocab.yaml"))

    def text(n: int) -> str:
        imports = "".join(f"from numpy.m{i} import x\n" for i in range(n))
        return imports + "".join(f"y{i} = x.a{i}.float_\n" for i in range(n))

    qualified = engine.qualified
    small, large = (_lines_run(lambda n=n: qualified.candidate_offsets(text(n))) for n in (400, 800))
    assert large / small < 2.2, f"{small} -> {large} lines run"
    assert len(qualified.candidate_offsets(text(20))) == 20
