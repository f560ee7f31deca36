"""The `check` run as a library call: options in, findings reported, exit code out."""

from __future__ import annotations

import io
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
from lint.runner import Job, make_jobs, scan_all
from lint.textfile import write_atomically
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
    fix: bool = False
    diff: bool = False
    unsafe_fixes: bool = False
    cwd: Path = field(default_factory=Path.cwd)


def load_settings_and_vocabulary(cwd: Path, vocab: Path | None) -> tuple[Settings, Vocabulary]:
    """Find the settings for `cwd` and load the vocabulary they name."""
    settings = find_settings(cwd, vocab)
    return settings, load_vocabulary(settings.vocabulary, display_name=settings.vocabulary_label)


def collect(options: CheckOptions, settings: Settings, engine: Engine) -> tuple[list[Job], list[FileResult]]:
    """Discover and scan the files of a run."""
    for path in options.paths:
        if not path.exists():
            raise LintError(f"path does not exist: {path}")
    paths = engine.vocabulary.paths
    file_filter = FileFilter(settings.root, (*settings.include, *paths.include), (*settings.exclude, *paths.exclude))
    files = list(discover(list(options.paths), file_filter))
    jobs = make_jobs(files, options.cwd, settings.root)
    return jobs, list(scan_all(jobs, engine, options.jobs))


def run_check(options: CheckOptions, stdout: TextIO, stderr: TextIO) -> int:
    """Scan, report, and return the exit code of design §7 (0 clean, 1 findings)."""
    settings, vocabulary = load_settings_and_vocabulary(options.cwd, options.vocab)
    engine = Engine(vocabulary)
    jobs, results = collect(options, settings, engine)
    fix_summary = None
    if options.fix or options.diff:
        from lint.fixing import fix_files

        results, fix_summary = fix_files(
            jobs, results, engine, diff_stream=stdout if options.diff else None, unsafe=options.unsafe_fixes
        )
    findings: list[Finding] = sorted((f for r in results for f in r.findings), key=lambda f: f.sort_key)
    for result in results:
        for note in (*result.notes, *([result.error] if result.error else [])):
            if not result.skipped or result.error:
                stderr.write(f"{result.path}: {note}\n")
    scanned = sum(1 for r in results if not r.skipped and r.error is None)
    if options.diff:
        assert fix_summary is not None
        stderr.write(fix_summary.describe(sum(1 for f in findings if not f.fixable), diff=True) + "\n")
        return 1 if fix_summary.files else 0
    sources = _sources(findings, options) if options.show_source else {}
    report = Report(findings, scanned, sources, options.show_source, options.color)
    writer = REPORTERS[options.output_format]
    if options.output is not None:
        buffer = io.StringIO()
        writer(report, buffer)
        write_atomically(options.output, buffer.getvalue().encode("utf-8"))
        stderr.write(report.summary() + "\n")
    else:
        writer(report, stdout)
        if options.output_format == "text":
            stdout.write(report.summary() + "\n")
    if fix_summary is not None:
        (stdout if options.output_format == "text" and options.output is None else stderr).write(
            fix_summary.describe(len(findings), diff=False) + "\n"
        )
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
