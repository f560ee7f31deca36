"""The `check` run as a library call: options in, findings reported, exit code out."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from lint.config import Settings, find_settings
from lint.discovery import FileFilter, discover
from lint.errors import LintError
from lint.findings import FileResult, Finding, Severity
from lint.loader import load_vocabulary
from lint.reporters import REPORTERS, Report
from lint.rules import Engine
from lint.runner import make_jobs, scan_all
from lint.vocabulary import Vocabulary


@dataclass(frozen=True)
class CheckOptions:
    """Everything `vocab-lint check` can be told."""

    paths: tuple[Path, ...] = (Path("."),)
    vocab: Path | None = None
    output_format: str = "text"
    output: Path | None = None
    fail_on: Severity = Severity.ERROR
    show_source: bool = False
    color: bool = False
    jobs: int = 0
    cwd: Path = field(default_factory=Path.cwd)


def load_settings_and_vocabulary(cwd: Path, vocab: Path | None) -> tuple[Settings, Vocabulary]:
    """Find the settings for `cwd` and load the vocabulary they name."""
    settings = find_settings(cwd, vocab)
    return settings, load_vocabulary(settings.vocabulary, display_name=settings.vocabulary_label)


def collect(options: CheckOptions, settings: Settings, vocabulary: Vocabulary) -> list[FileResult]:
    """Discover and scan the files of a run."""
    for path in options.paths:
        if not path.exists():
            raise LintError(f"path does not exist: {path}")
    paths = vocabulary.paths
    file_filter = FileFilter(settings.root, (*settings.include, *paths.include), (*settings.exclude, *paths.exclude))
    files = list(discover(list(options.paths), file_filter))
    jobs = make_jobs(files, options.cwd, settings.root)
    return list(scan_all(jobs, Engine(vocabulary), options.jobs))


def run_check(options: CheckOptions, stdout: TextIO, stderr: TextIO) -> int:
    """Scan, report, and return the exit code of design §7 (0 clean, 1 findings)."""
    settings, vocabulary = load_settings_and_vocabulary(options.cwd, options.vocab)
    results = collect(options, settings, vocabulary)
    findings: list[Finding] = sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key)
    for result in results:
        for note in (*result.notes, *([result.error] if result.error else [])):
            if not result.skipped or result.error:
                stderr.write(f"{result.path}: {note}\n")
    scanned = sum(1 for r in results if not r.skipped and r.error is None)
    sources = _sources(findings, options) if options.show_source else {}
    report = Report(findings, scanned, sources, options.show_source, options.color)
    writer = REPORTERS[options.output_format]
    if options.output is not None:
        write_atomically(options.output, lambda stream: writer(report, stream))
        stderr.write(report.summary() + "\n")
    else:
        writer(report, stdout)
        if options.output_format == "text":
            stdout.write(report.summary() + "\n")
    failing = [f for f in findings if f.severity.rank >= options.fail_on.rank]
    return 1 if failing else 0


def _sources(findings: Sequence[Finding], options: CheckOptions) -> dict[str, list[str]]:
    sources: dict[str, list[str]] = {}
    for finding in findings:
        if finding.path not in sources:
            try:
                text = (options.cwd / finding.path).read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            sources[finding.path] = text.splitlines()
    return sources


def write_atomically(path: Path, write: object) -> None:
    """Write a file through a temporary file in the same folder and a rename."""
    assert callable(write)
    folder = path.parent if str(path.parent) else Path(".")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as stream:
            write(stream)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
