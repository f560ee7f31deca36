"""Apply fixes to files on disk (or show them as a diff), then rescan what changed.

A file is rewritten only when its text changes, atomically and in its own encoding. A
file that cannot be fixed (symlink, read-only, refused edit) is reported and left alone;
the other files go on.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from lint.engine.engine import Engine
from lint.files.textfile import FileChanged, read_regular, write_atomically
from lint.findings import FileResult, Finding
from lint.fix.edits import fix_text, refusal_finding
from lint.formats import Format
from lint.runner import Job, scan_text
from lint.text.lines import split_lines
from lint.text.words import plural

MAX_PASSES = 3


@dataclass(frozen=True)
class FixSummary:
    """The findings fixed (as found, before their fix), and in how many files."""

    applied: tuple[Finding, ...] = ()
    files: int = 0

    @property
    def fixed(self) -> int:
        """How many findings were fixed."""
        return len(self.applied)

    def describe(self, remaining: int, *, diff: bool) -> str:
        """One line for the end of a run."""
        verb = "Would fix" if diff else "Fixed"
        return f"{verb} {plural(self.fixed, 'finding')} in {plural(self.files, 'file')}; {remaining} remain."

    def listing(self) -> list[str]:
        """A line per fix (`fix --show-fixes`): where, which rule and term, old and new text."""
        return [
            f"{f.location}: {f.rule.value} [{f.term}] {f.matched!r} -> {f.replacement!r}"
            for f in sorted(self.applied, key=lambda f: f.sort_key)
        ]


@dataclass(frozen=True)
class FixSettings:
    """How to fix: where the run stands, which fixes, and where a diff goes instead of writes."""

    cwd: Path
    unsafe: bool = False
    force: bool = False
    diff_stream: TextIO | None = None


def fix_files(
    jobs: Sequence[Job], results: Sequence[FileResult], engine: Engine, settings: FixSettings
) -> tuple[list[FileResult], FixSummary]:
    """Fix every file whose findings allow it; return the rescanned results and a summary.

    With a `diff_stream`, nothing is written: a unified diff of each change goes there.
    """
    unsafe = settings.unsafe
    by_display = {job.display: job for job in jobs}
    applied_all: list[Finding] = []
    files_changed = 0
    out: list[FileResult] = []
    for result in results:
        job = by_display.get(result.path)
        if job is None or result.error or result.skipped or not _has_fixes(result.findings, unsafe):
            out.append(result)
            continue
        fixed, applied = _fix_file(job, result, engine, settings)
        out.append(fixed)
        if applied:
            applied_all += applied
            files_changed += 1
    return out, FixSummary(tuple(applied_all), files_changed)


def _fix_file(
    job: Job, result: FileResult, engine: Engine, settings: FixSettings
) -> tuple[FileResult, tuple[Finding, ...]]:
    """The rescanned result of one file and the findings its fix applied (none: unchanged)."""
    try:
        raw = read_regular(job.path)
    except OSError as exc:
        return replace(result, error=f"cannot read for fixing: {exc.strerror or exc}"), ()
    file_format = job.format
    assert file_format is not None  # only files of a format are scanned, and only they are fixed
    source = file_format.decode(raw)
    if source.lossy:
        return _refused(result, "the file is not valid text in its encoding; fixes were not applied", engine), ()
    # Fix from a fresh scan of the bytes just read, never from a cached or older result.
    scanned = scan_text(job, source.text, engine)
    text, findings, applied, refusal = fix_source(job, source.text, scanned, engine, unsafe=settings.unsafe)
    if text == source.text:
        return (_refused(result, refusal, engine) if refusal else result), ()
    try:
        data = source.encode(text)
    except UnicodeEncodeError as exc:
        held = exc.object[exc.start : exc.end]
        reason = f"a replacement holds {held!r}, which the file's encoding ({source.encoding}) cannot hold"
        return _refused(result, f"{reason}; nothing was changed", engine), ()
    if settings.diff_stream is not None:
        write_diff(settings.diff_stream, result.path, source.text, text, file_format)
    else:
        problem = _unwritable(job, settings.cwd, force=settings.force)
        if problem is not None:
            return _refused(result, problem, engine), ()
        try:
            write_atomically(Path(job.path), data, expected=raw)
        except FileChanged:
            return _refused(result, "the file changed while it was being fixed; run the fix again", engine), ()
        except OSError as exc:
            return _refused(
                result, f"the file could not be written ({exc.strerror or exc}); it is unchanged", engine
            ), ()
    fixed = replace(result, findings=findings, text=text)
    return (_refused(fixed, refusal, engine) if refusal else fixed), applied


def fix_source(
    job: Job, text: str, findings: Sequence[Finding], engine: Engine, *, unsafe: bool
) -> tuple[str, tuple[Finding, ...], tuple[Finding, ...], str | None]:
    """Fix `text` (the content of the job's file) in passes until nothing changes.

    Returns the fixed text, its findings, the findings each pass fixed (as that pass found
    them), and why the last pass was refused (None when it was not).
    """
    current, remaining = text, tuple(findings)
    applied: tuple[Finding, ...] = ()
    members = frozenset(retired.id for retired in engine.qualified.entries)
    file_format = job.format
    assert file_format is not None
    for _ in range(MAX_PASSES):
        outcome = fix_text(current, remaining, file_format=file_format, unsafe=unsafe, members=members)
        if outcome.refusal is not None:
            return current, remaining, applied, outcome.refusal
        if not outcome.applied:
            break
        current, applied = outcome.fixed, applied + outcome.applied
        remaining = scan_text(job, current, engine)
    return current, remaining, applied, None


def write_diff(stream: TextIO, path: str, old: str, new: str, file_format: Format) -> None:
    """A unified diff of one file's change, `a/` and `b/` prefixed as git writes them; a
    hunk's header names its section where the format has sections (a notebook's cell), as
    git names a function."""
    lines = list(
        difflib.unified_diff(
            split_lines(old, keep_ends=True), split_lines(new, keep_ends=True), f"a/{path}", f"b/{path}"
        )
    )
    for index, line in enumerate(lines):
        hunk = _HUNK.match(line)
        if hunk is not None:
            context = next((n for n, body in enumerate(lines[index + 1 :]) if body[:1] in "-+"), 0)
            section = file_format.section(old, int(hunk.group(1)) + context)
            line = f"{line.rstrip()} {section}\n" if section else line
        stream.write(line)


_HUNK = re.compile(r"@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@")


def _has_fixes(findings: Sequence[Finding], unsafe: bool) -> bool:
    return any(f.replacement is not None and (f.fixable or unsafe) for f in findings)


def _unwritable(job: Job, cwd: Path, *, force: bool) -> str | None:
    path = Path(job.path)
    if path.is_symlink():
        return "the file is a symbolic link; fixes are never written through links"
    if _behind_link(path, cwd):
        return "the file lies in a folder reached through a symbolic link; fixes are never written through links"
    links = path.stat().st_nlink
    if links > 1 and not force:
        return f"the file has {links} hard links; fixing it would split them (use --force to fix it anyway)"
    # The owner's write bit decides, so that a read-only file stays read-only even for root.
    if not os.access(path, os.W_OK) or not path.stat().st_mode & stat.S_IWUSR:
        return "the file is read-only; fixes were not applied"
    return None


def _behind_link(path: Path, cwd: Path) -> bool:
    """Whether a folder between `cwd` (or the root, for a path outside it) and the file is a link."""
    here = Path(os.path.abspath(cwd))
    for folder in Path(os.path.abspath(path)).parents:
        if folder == here or folder in here.parents:
            return False
        if folder.is_symlink():
            return True
    return False


def _refused(result: FileResult, reason: str, engine: Engine) -> FileResult:
    refusal = engine.with_severities([refusal_finding(result.path, reason)])
    return replace(result, findings=(*result.findings, *refusal))
