"""The `check`, `fix` and `baseline` runs as library calls: options in, exit code out."""

from __future__ import annotations

import io
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from lint.cache import ResultCache
from lint.config import Settings, find_settings, vocabulary_of
from lint.engine.engine import Engine
from lint.errors import LintError
from lint.files.changes import Changes, changes_since
from lint.files.discovery import FileFilter, SkipHandler, discover, printable_path
from lint.files.textfile import decode, output_stream, write_output
from lint.findings import FileResult, Finding
from lint.formats import SUFFIXES, format_for
from lint.report.report import Report
from lint.report.reporters import NEEDS_SOURCES, REPORTERS
from lint.report.text import write_statistics
from lint.resolve import origins, resolve, selection_of
from lint.rules import Rule, Severity
from lint.runner import Job, make_jobs, scan_all, scan_text, unreadable
from lint.selection import check_ids
from lint.text.lines import split_lines
from lint.text.words import plural
from lint.vocabulary.windows import judged

if TYPE_CHECKING:
    from lint.project_versions import ProjectVersions

PROGRESS_THRESHOLD = 200
# Said once per run where the project has no vocabulary: the default's words are another project's.
NO_VOCABULARY_HINT = (
    "vocab-lint: this project has no vocabulary of its own, so the embedded default ran (the words of "
    "NVIDIA-NeMo/DataDesigner); `vocab-lint init` writes a starter vocab.yaml.\n"
)


@dataclass(frozen=True)
class CheckOptions:
    """Everything `vocab-lint check` can be told."""

    paths: tuple[Path, ...] = (Path("."),)
    vocab: Path | None = None
    output_format: str = "text"
    output: Path | None = None
    fail_on: Severity = Severity.ERROR
    exit_zero: bool = False
    select: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset()
    baseline: Path | None = None
    statistics: bool = False
    show_source: bool = False
    color: bool = False
    progress: bool = False
    jobs: int = 0
    fix: bool = False
    diff: bool = False
    show_fixes: bool = False
    unsafe_fixes: bool = False
    cache: bool = True
    quiet: bool = False
    force: bool = False
    stdin_filename: Path | None = None
    cwd: Path = field(default_factory=Path.cwd)
    extend_select: frozenset[str] = frozenset()
    exclude: tuple[str, ...] | None = None  # None: the built-in excludes
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool = False
    changed_since: str | None = None
    assume_versions: tuple[tuple[str, str], ...] = ()  # (distribution, specifier) from --assume-version
    explicit: frozenset[str] = frozenset()  # the fields the command line set


def file_filter_of(options: CheckOptions, settings: Settings, engine: Engine) -> FileFilter:
    """The globs of a resolved run: the settings', the command line's and the vocabulary's."""
    paths = engine.vocabulary.paths
    where = origins(options, settings)
    exclude = [
        *((glob, where["exclude"]) for glob in options.exclude or ()),
        *((glob, where["extend-exclude"]) for glob in options.extend_exclude),
        *((glob, settings.vocabulary_label) for glob in paths.exclude),
    ]
    return FileFilter(
        settings.root,
        SUFFIXES,
        (*settings.include, *paths.include),
        exclude,
        built_in=options.exclude is None,
        force_exclude=options.force_exclude,
    )


def plan(
    options: CheckOptions, settings: Settings, engine: Engine, on_skip: SkipHandler | None = None
) -> tuple[list[Job], list[FileResult]]:
    """The files of a run, as jobs, and the folders that could not be read."""
    for path in options.paths:
        if not path.exists():
            raise LintError(f"path does not exist: {path}")
    unreadable_results: list[FileResult] = []

    def on_error(path: Path, message: str) -> None:
        shown = printable_path(os.path.relpath(path, options.cwd).replace(os.sep, "/"))
        unreadable_results.append(unreadable(shown, message, engine))

    file_filter = file_filter_of(options, settings, engine)
    files = list(discover(list(options.paths), file_filter, on_error, on_skip))
    return make_jobs(files, options.cwd, settings.root), unreadable_results


def _with_progress(results: Iterator[FileResult], total: int, stderr: TextIO, enabled: bool) -> list[FileResult]:
    if not enabled or total < PROGRESS_THRESHOLD:
        return list(results)
    import click

    done: list[FileResult] = []
    with click.progressbar(length=total, label="Scanning", file=stderr, show_eta=False) as bar:
        for result in results:
            done.append(result)
            bar.update(1)
            # The first files carry the start-up (workers, imports): an estimate from them
            # read an hour for a 20-second run. It is shown once a tenth of the files is done.
            bar.show_eta = eta_means_something(len(done), total)
    return done


def eta_means_something(done: int, total: int) -> bool:
    """Whether the time left can be told from the rate so far."""
    return done * 10 >= total


def read_sources(results: Iterable[FileResult], cwd: Path) -> dict[str, list[str]]:
    """The lines each finding's line counts in (for carets and baseline fingerprints), by
    `Finding.source_key`: a file's lines, or a notebook cell's.

    The text scanned is reused; only results from the cache are read again, decoded as
    the scanners decode them.
    """
    sources: dict[str, list[str]] = {}
    for result in results:
        if not result.findings or result.path in sources:
            continue
        file_format = format_for(result.path)
        text = result.text
        if text is None:
            try:
                raw = (cwd / result.path).read_bytes()
            except OSError:
                raw = b""
            text = file_format.decode(raw).text if file_format is not None else decode(raw).text
        for finding in result.findings:
            if finding.source_key not in sources:
                lines = file_format.source_lines(text, finding) if file_format is not None else split_lines(text)
                sources[finding.source_key] = lines
    return sources


def named_ids(options: CheckOptions, settings: Settings) -> dict[str, Iterable[str]]:
    """Every list of rule or term ids of a resolved run, by where it was written (for `check_ids`)."""
    named: dict[str, Iterable[str]] = {}
    for key in ("select", "extend-select", "ignore"):
        in_file = frozenset(settings.value(key, ()))
        if in_file:
            named[f"{settings.origin(key)}: {key}"] = in_file
        named[f"--{key}"] = getattr(options, key.replace("-", "_")) - in_file
    for glob, ids in settings.value("per-file-ignores", ()):
        named[f"{settings.origin('per-file-ignores.' + glob)}: per-file-ignores"] = ids
    return named


def engine_for(options: CheckOptions, settings: Settings) -> tuple[Engine, ResultCache | None]:
    """The engine of a resolved run (its ids checked), and its result cache."""
    cache = ResultCache(settings.root) if options.cache and options.stdin_filename is None else None
    engine = Engine(
        judged(vocabulary_of(settings, cache, quick=True), lambda: project_versions(settings, options.assume_versions))
    )
    check_ids(named_ids(options, settings), engine)
    return engine, cache


def project_versions(settings: Settings, assumed: Iterable[tuple[str, str]] = ()) -> ProjectVersions:
    """What the project supports: its declarations, under the settings' `versions` and the
    command line's `--assume-version` (distribution, specifier) pairs."""
    from lint.project_versions import ProjectVersions

    return ProjectVersions(settings.root, {**dict(settings.value("versions", {})), **dict(assumed)})


def settings_for(options: CheckOptions) -> tuple[CheckOptions, Settings]:
    """The settings of a run, and its options resolved against them."""
    settings = find_settings(options.cwd, options.vocab)
    return resolve(options, settings), settings


def scan(
    options: CheckOptions,
    settings: Settings,
    stderr: TextIO,
    stdout: TextIO,
    stdin: TextIO | None = None,
    changes: Changes | None = None,
) -> tuple[list[FileResult], str | None]:
    """Load, discover, scan and (on request) fix; the fix summary line when fixing.

    With `changes`, only the files they touch are scanned.
    """
    engine, cache = engine_for(options, settings)
    if options.stdin_filename is not None:
        return _scan_stdin(options, settings, engine, stdin or io.StringIO(), stdout)
    jobs, unreadable = plan(options, settings, engine)
    if changes is not None:
        jobs = [job for job in jobs if changes.touches(job.path)]
    scanned = scan_all(jobs, engine, options.jobs, cache)
    results = unreadable + _with_progress(scanned, len(jobs), stderr, options.progress)
    summary = None
    if options.fix or options.diff:
        from lint.fix.apply import FixSettings, fix_files

        fixing = FixSettings(options.cwd, options.unsafe_fixes, options.force, stdout if options.diff else None)
        results, fixes = fix_files(jobs, results, engine, fixing)
        remaining = sum(1 for r in results for f in r.findings if not options.diff or not f.fixable)
        summary = fixes.describe(remaining, diff=options.diff)
        if options.show_fixes and fixes.applied:
            summary = "\n".join([*fixes.listing(), summary])
        if options.diff:
            summary = summary if fixes.files else None
    return results, summary


def _scan_stdin(
    options: CheckOptions, settings: Settings, engine: Engine, stdin: TextIO, stdout: TextIO
) -> tuple[list[FileResult], str | None]:
    """Scan standard input as the file `--stdin-filename` names; with `--fix`, print the fixed text.

    This is how editors and formatter hosts call a linter: the buffer, not the file on disk.
    """
    from lint.fix.apply import fix_source, write_diff

    assert options.stdin_filename is not None
    job = make_jobs([options.stdin_filename], options.cwd, settings.root)[0]
    if job.format is None:
        kinds = ", ".join(sorted(SUFFIXES))
        raise LintError(f"--stdin-filename {options.stdin_filename}: vocab-lint reads only {kinds} files")
    text = stdin.read()
    result = FileResult(job.display, scan_text(job, text, engine), text=text)
    if not (options.fix or options.diff):
        return [result], None
    fixed, findings, applied, _ = fix_source(job, text, result.findings, engine, unsafe=options.unsafe_fixes)
    if options.diff:
        file_format = job.format
        assert file_format is not None  # `--stdin-filename` names a file of a format
        write_diff(stdout, job.display, text, fixed, file_format)
    else:
        stdout.write(fixed)
    verb = "Would fix" if options.diff else "Fixed"
    summary = f"{verb} {plural(len(applied), 'finding')} in standard input." if applied else None
    return [FileResult(job.display, findings, text=fixed)], summary


def run_check(options: CheckOptions, stdout: TextIO, stderr: TextIO, stdin: TextIO | None = None) -> int:
    """Scan, report, and return the exit code `docs/install.md` documents (0 clean, 1 findings)."""
    if options.baseline is not None and not options.baseline.is_file():
        raise LintError(f"baseline file not found: {options.baseline} (create it with `vocab-lint baseline`)")
    options, settings = settings_for(options)
    changes = None
    if options.changed_since is not None:
        if options.fix or options.diff or options.stdin_filename is not None:
            raise LintError("--changed-since judges the lines a change touched; it does not fix or read stdin")
        changes = changes_since(options.cwd, options.changed_since)
    results, fix_summary = scan(options, settings, stderr, stdout, stdin, changes)
    if options.stdin_filename is not None and (options.fix or options.diff):
        stdout = stderr  # standard output carries the fixed text or its diff
    for result in results:
        reported = any(f.rule is Rule.IO_ERROR for f in result.findings)  # an io-error finding tells it
        for note in (*result.notes, *([result.error] if result.error and not reported else [])):
            if not result.skipped or result.error:
                stderr.write(f"{result.path}: {note}\n")
    wanted = selection_of(options, settings).filter((f for r in results for f in r.findings), options.cwd)
    if changes is not None:
        wanted = [f for f in wanted if changes.holds(os.path.join(options.cwd, f.path), f.as_stored().line)]
    findings = sorted(wanted, key=lambda f: f.sort_key)
    if options.diff:
        if not options.quiet:
            for refused in (f for f in findings if f.rule is Rule.FIX_REFUSED):
                stderr.write(f"{refused.path}: fix refused: {refused.message}\n")
            stderr.write((fix_summary or "Nothing to fix.") + "\n")
        return 1 if fix_summary else 0
    need_sources = options.show_source or options.baseline is not None or options.output_format in NEEDS_SOURCES
    sources = read_sources(results, options.cwd) if need_sources else {}
    notes: list[str] = []
    if options.baseline is not None:
        findings, note = _apply_baseline(findings, options.baseline, sources, results)
        notes.append(note)
    scanned = tuple(r.path for r in results if not r.skipped and r.error is None)
    skipped = len(results) - len(scanned)
    report = Report(
        findings, len(scanned), sources, options.show_source, options.color, skipped, scanned, options.cwd,
        settings.summary_label,
    )  # fmt: skip
    if settings.is_default and not options.quiet and options.output_format in ("text", "concise"):
        stderr.write(NO_VOCABULARY_HINT)  # for a person starting out; reports for tools stay as they were
    write_report(report, options, stdout, stderr, [*notes, *([fix_summary] if fix_summary else [])])
    failing = [f for f in findings if f.severity.rank >= options.fail_on.rank]
    return 1 if failing and not options.exit_zero else 0


def _apply_baseline(
    findings: list[Finding], baseline: Path, sources: dict[str, list[str]], results: list[FileResult]
) -> tuple[list[Finding], str]:
    """The findings not in the baseline, and a note of how many were hidden and fixed."""
    from lint.report.baseline import apply_baseline, read_baseline

    outcome = apply_baseline(findings, read_baseline(baseline), sources)
    scanned_paths = {r.path for r in results}
    fixed = sum(count for key, count in outcome.fixed.items() if key[0] in scanned_paths)
    hidden = plural(outcome.hidden, "baselined finding")
    return outcome.new, f"{hidden} hidden; {plural(fixed, 'baseline entry', 'baseline entries')} fixed."


def write_report(report: Report, options: CheckOptions, stdout: TextIO, stderr: TextIO, notes: list[str]) -> None:
    """The report to stdout or `--output`; statistics, the summary and notes to the terminal."""
    human_format = options.output_format in ("text", "concise")
    writer = REPORTERS[options.output_format]
    human = stdout if human_format and options.output is None else stderr
    if options.statistics and human_format:
        writer = _statistics  # the table instead of the listing, as Ruff's --statistics
    if options.output is not None:
        with output_stream(options.output) as stream:
            writer(report, stream)
    else:
        writer(report, stdout)
    if options.statistics and not human_format:
        write_statistics(report.findings, human)
    if options.quiet:
        return
    if human_format or options.output is not None:
        human.write(report.summary() + "\n")
        if not options.fix:
            notes = [*report.fix_hints(), *notes]
    for line in notes:
        human.write(line + "\n")


def _statistics(report: Report, stream: TextIO) -> None:
    write_statistics(report.findings, stream)


def run_baseline(options: CheckOptions, output: Path, *, update: bool, stderr: TextIO) -> int:
    """Write the current findings as a baseline, or prune a baseline of what was fixed."""
    from lint.report.baseline import keys_of, read_baseline, render_baseline

    options, settings = settings_for(options)
    results, _ = scan(options, settings, stderr, stderr)
    findings = selection_of(options, settings).filter((f for r in results for f in r.findings), options.cwd)
    current = keys_of(findings, read_sources(results, options.cwd))
    if update:
        if not output.is_file():
            raise LintError(f"baseline file not found: {output}")
        previous = read_baseline(output)
        kept = Counter({key: min(count, current[key]) for key, count in previous.items()})
        pruned = sum(previous.values()) - sum(kept.values())
        write_output(output, render_baseline(kept))
        stderr.write(f"{output}: pruned {plural(pruned, 'fixed finding')}; {sum(kept.values())} remain.\n")
        return 0
    write_output(output, render_baseline(current))
    recorded = plural(sum(current.values()), "finding")
    stderr.write(f"{output}: recorded {recorded} in {plural(len(current), 'entry', 'entries')}.\n")
    return 0
