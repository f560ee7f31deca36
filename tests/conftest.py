"""Shared fixtures: the default vocabulary's engine, scanners on real files, the CLI."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from lint.cli import main
from lint.engine.engine import Engine
from lint.findings import Finding
from lint.formats.markdown.scanner import scan_markdown
from lint.formats.python.scanner import scan_python
from lint.vocabulary.load import default_vocabulary_path, load_vocabulary

collect_ignore = ["data"]

# Property tests are judged by what they find, never by how long an example took: a loaded
# machine must not fail them (hypothesis' 200 ms deadline and its "too slow" health check).
settings.register_profile("untimed", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("untimed")

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The rule engine of the embedded default vocabulary."""
    return Engine(load_vocabulary(default_vocabulary_path()))


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


def brief(findings: list[Finding]) -> list[tuple[int, int, int, str, str, str]]:
    """(line, column, end_column, rule, context, matched) of each finding, for assertions."""
    return [(f.line, f.column, f.end_column, f.rule.value, f.context.value, f.matched) for f in findings]
