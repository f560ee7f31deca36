"""Shared fixtures: the capacity vocabulary's engine, scanners on real files, the CLI.

Every test reads `tests/data/vocab.yaml`, a frozen copy of the shipped default, in
place of the default itself (also where a command falls back to the embedded default):
editing the default vocabulary changes no test but those of `test_default_vocabulary.py`.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from lint.cli import main
from lint.engine.engine import Engine
from lint.findings import Finding
from lint.formats.markdown.scanner import scan_markdown
from lint.formats.python.scanner import scan_python
from lint.vocabulary.load import load_vocabulary

collect_ignore = ["data"]

# Property tests are judged by what they find, never by how long an example took: a loaded
# machine must not fail them (hypothesis' 200 ms deadline and its "too slow" health check).
settings.register_profile("untimed", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("untimed")

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CAPACITY = DATA / "vocab.yaml"
# The test copy as a file of a tree `write` makes: `write(tmp_path, {**CAPACITY_FILE, ...})`.
CAPACITY_FILE = {"vocab.yaml": CAPACITY.read_text(encoding="utf-8")}


@pytest.fixture(autouse=True)
def _capacity_in_place_of_the_default(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A command run in-process with no vocabulary of its own falls back to the test copy.
    (A test that runs the tool as a program writes the copy into its folder: `CAPACITY_FILE`.)"""
    if request.module.__name__.endswith("test_default_vocabulary"):
        return
    monkeypatch.setattr("lint.config.default_vocabulary_path", lambda: CAPACITY)


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The rule engine of the test copy of the capacity vocabulary."""
    return Engine(load_vocabulary(CAPACITY))


@pytest.fixture
def scan_py(engine: Engine) -> Callable[..., list[Finding]]:
    """Scan Python source as the file `path` of a project."""

    def scan(source: str, path: str = "pkg/module.py") -> list[Finding]:
        return scan_python(source, path, engine, engine.scope_for(path))

    return scan


@pytest.fixture
def scan_md(engine: Engine) -> Callable[..., list[Finding]]:
    """Scan Markdown source as the file `path` of a project."""

    def scan(source: str, path: str = "docs/page.md") -> list[Finding]:
        return scan_markdown(source, path, engine, engine.scope_for(path))

    return scan


@dataclass(frozen=True)
class CliResult:
    """Exit code and both streams of one `vocab-lint` run."""

    code: int
    out: str
    err: str


@contextmanager
def _chdir(path: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


@pytest.fixture
def run_cli() -> Callable[..., CliResult]:
    """Run `vocab-lint ARGS` in-process from folder `cwd`."""

    def run(*args: str, cwd: Path | None = None) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        with _chdir(cwd or Path.cwd()), redirect_stdout(out), redirect_stderr(err):
            code = main(list(args))
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


def write(root: Path, files: dict[str, str]) -> Path:
    """Write a tree of text files under `root`; return `root`."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def checked_findings(run: Callable[..., CliResult], *args: str, cwd: Path) -> list[dict[str, Any]]:
    """The JSON findings of `vocab-lint check ARGS` run in `cwd` without the cache; the run
    must end as a check ends (exit 0 or 1) with nothing on standard error."""
    result = run("check", "--no-cache", "--output-format", "json", *args, cwd=cwd)
    assert result.code in (0, 1) and result.err == "", result.err
    findings: list[dict[str, Any]] = json.loads(result.out)["findings"]
    return findings


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` as a committer of its own (no global identity needed); its output."""
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@e", "-c", "init.defaultBranch=main", *args]
    return subprocess.run(command, cwd=repo, check=True, capture_output=True, text=True).stdout


def brief(findings: list[Finding]) -> list[tuple[int, int, int, str, str, str]]:
    """(line, column, end_column, rule, context, matched) of each finding, for assertions."""
    return [(f.line, f.column, f.end_column, f.rule.value, f.context.value, f.matched) for f in findings]
