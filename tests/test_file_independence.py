"""A file's findings depend on that file alone: not on which files are scanned with it, in
which order, or on lines above it that name nothing of the vocabulary."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from lint.engine.engine import Engine
from lint.findings import Finding
from lint.runner import make_jobs, scan_all
from lint.vocabulary.load import load_vocabulary

VOCABULARY = """\
version: 1
name: independence
categories:
  - {id: capacity, title: Capacity}
terms:
  - name: request admission
    category: capacity
    definition: Admits requests.
    avoid: [request throttle]
removed:
  - {name: Client.timeout_s, case: exact, contexts: [keyword], replacement: Client.timeout}
  - name: pkg.ops.shell_runner.ShellRunner
    qualified: true
    case: exact
    replacement: pkg.ops.shell.ShellRunner
  - {name: ThrottleManager, replacement: RequestAdmissionController}
prose_words:
  - {word: throttling}
"""

# Each file alone: what it says and what a scan of it alone reports is the reference.
PYTHON_FILES = {
    "keyword": 'from pkg import Client\nwith Client("x", timeout_s=5) as c:\n    pass\n',
    "qualified": "from pkg.ops.shell_runner import ShellRunner\nrunner = ShellRunner()\n",
    "unrelated-import": "from pkg.ops.shell import ShellRunner\nrunner = ShellRunner()\n",
    "plain": '"""The throttle manager is gone."""\n\nmanager = ThrottleManager()  # throttling\n',
    "clean": "value = 1\n",
}
MARKDOWN_FILES = {
    "page": "# Capacity\n\nThe ThrottleManager is gone; throttling is too.\n\nA request throttle admits.\n",
    "code": "Intro.\n\n```python\nfrom pkg import Client\nClient(timeout_s=1)\n```\n",
    "clean": "# Nothing\n\nNothing here names the vocabulary.\n",
}
FILES = {f"{name}.py": text for name, text in PYTHON_FILES.items()} | {
    f"{name}.md": text for name, text in MARKDOWN_FILES.items()
}
NEUTRAL_LINE = {".py": "# a note that names nothing\n", ".md": "Words that name nothing.\n\n"}


def _engine(tmp_path: Path) -> Engine:
    path = tmp_path / "vocab.yaml"
    path.write_text(VOCABULARY, encoding="utf-8")
    return Engine(load_vocabulary(path))


def _scan(engine: Engine, root: Path, names: list[str], texts: dict[str, str]) -> dict[str, tuple[Finding, ...]]:
    for name in names:
        (root / name).write_text(texts[name], encoding="utf-8")
    jobs = make_jobs([root / name for name in names], root, root)
    return {job.display: result.findings for job, result in zip(jobs, scan_all(jobs, engine, workers=1), strict=True)}


def test_a_keyword_of_a_removed_member_is_reported_whatever_else_the_file_imports(tmp_path: Path) -> None:
    """`Client(..., timeout_s=...)` is reported whether or not an unrelated line of the file
    names a qualified entry's module (it was reported only with one)."""
    engine = _engine(tmp_path)
    alone = _scan(engine, tmp_path, ["keyword.py"], FILES)["keyword.py"]
    assert [(f.line, f.column, f.matched, f.rule.value) for f in alone] == [(2, 18, "timeout_s", "removed-name")]
    beside = {"both.py": "from pkg.ops.shell import ShellRunner\n" + FILES["keyword.py"]}
    with_unrelated = _scan(engine, tmp_path, ["both.py"], beside)["both.py"]
    assert [(f.line - 1, f.column, f.matched) for f in with_unrelated] == [(2, 18, "timeout_s")]


@settings(max_examples=40)
@given(
    order=st.permutations(sorted(FILES)),
    count=st.integers(min_value=1, max_value=len(FILES)),
    shifts=st.lists(st.integers(min_value=0, max_value=3), min_size=len(FILES), max_size=len(FILES)),
)
def test_findings_of_a_file_are_the_same_alone_together_in_any_order_and_shifted(
    tmp_path_factory: object, order: list[str], count: int, shifts: list[int]
) -> None:
    import pytest

    assert isinstance(tmp_path_factory, pytest.TempPathFactory)
    root = tmp_path_factory.mktemp("files")
    engine = _engine(root)
    alone = {name: _scan(engine, root, [name], FILES)[name] for name in FILES}
    # Together, in the drawn order, one engine for all (nothing carries from file to file).
    chosen = order[:count]
    together = _scan(engine, root, chosen, FILES)
    for name in chosen:
        assert together[name] == alone[name], name
    # Lines that name nothing, added above each file, shift its findings and change nothing else.
    shifted_texts = {
        name: NEUTRAL_LINE[Path(name).suffix] * shift + FILES[name]
        for name, shift in zip(sorted(FILES), shifts, strict=True)
    }
    shifted = _scan(engine, root, order, shifted_texts)
    for name, shift in zip(sorted(FILES), shifts, strict=True):
        lines = shift * NEUTRAL_LINE[Path(name).suffix].count("\n")
        expected = tuple(
            f if f.rule.value == "fix-refused" else replace(f, line=f.line + lines, end_line=f.end_line + lines)
            for f in alone[name]
        )
        assert shifted[name] == expected, name
