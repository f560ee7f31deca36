"""`vocab-lint suppress`: an allow directive for every current finding (Ruff's `--add-noqa`).

The second way to adopt the tool on a big codebase, beside a baseline: the exceptions are
written where they are, with a reason, and `unused-suppression` reports each one once the
text it allowed is gone. A file is rewritten only when its new text, scanned again, has
none of the findings left; otherwise it is left as it was and named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from lint.check import CheckOptions, engine_for, plan, settings_for
from lint.engine.engine import Engine
from lint.files.textfile import FileChanged, read_regular, write_atomically
from lint.findings import Context, Finding
from lint.fix.directives import with_directives
from lint.resolve import selection_of
from lint.rules import Rule
from lint.runner import Job, scan_all, scan_text
from lint.selection import Selection
from lint.text.words import plural

# Findings no directive can answer: about a file as a whole, or about directives themselves.
NOT_SUPPRESSIBLE = frozenset({Rule.UNUSED_SUPPRESSION, Rule.PARSE_ERROR, Rule.IO_ERROR, Rule.FIX_REFUSED})


@dataclass
class Suppressed:
    """What a `suppress` run wrote and what it could not."""

    findings: int = 0
    files: int = 0
    left: list[tuple[str, str]] = field(default_factory=list)


def _wanted(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule not in NOT_SUPPRESSIBLE and f.context is not Context.FILENAME]


def run_suppress(options: CheckOptions, reason: str, stderr: TextIO) -> int:
    """Write the directives; exit 0, or 1 when some file's findings could not be suppressed."""
    options, settings = settings_for(options)
    engine, cache = engine_for(options, settings)
    selection = selection_of(options, settings)
    jobs, _ = plan(options, settings, engine)
    outcome = Suppressed()
    by_path = {job.display: job for job in jobs}
    for result in scan_all(jobs, engine, options.jobs, cache):
        if _wanted(selection.filter(result.findings, options.cwd)):
            _suppress_file(by_path[result.path], reason, options.cwd, engine, selection, outcome)
    for path, why in outcome.left:
        stderr.write(f"{path}: not changed: {why}\n")
    stderr.write(f"Added directives for {plural(outcome.findings, 'finding')} in {plural(outcome.files, 'file')}.\n")
    return 1 if outcome.left else 0


def _suppress_file(job: Job, reason: str, cwd: Path, engine: Engine, selection: Selection, outcome: Suppressed) -> None:
    """Rewrite one file with its directives, from a fresh read, or name it in `outcome.left`."""
    file_format = job.format
    assert file_format is not None
    try:
        raw = read_regular(job.path)
    except OSError as exc:
        outcome.left.append((job.display, f"cannot read: {exc.strerror or exc}"))
        return
    source = file_format.decode(raw)
    before = selection.filter(scan_text(job, source.text, engine), cwd)
    findings = _wanted(before)
    if not findings:
        return
    text = with_directives(source.text, findings, file_format, reason)
    if text is None:
        outcome.left.append((job.display, "no comment can stand where a directive would go"))
        return
    after = selection.filter(scan_text(job, text, engine), cwd)
    if _wanted(after) or len(after) > len(before) - len(findings):
        outcome.left.append((job.display, "a directive would not suppress every finding here; add one by hand"))
        return
    try:
        write_atomically(Path(job.path), source.encode(text), expected=raw)
    except (FileChanged, OSError, UnicodeEncodeError) as exc:
        outcome.left.append((job.display, f"could not be written: {exc}"))
        return
    outcome.findings += len(findings)
    outcome.files += 1
