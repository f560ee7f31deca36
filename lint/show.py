"""What a run would do, shown instead of doing it: `check --show-files` and `--show-settings`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from lint.files.gitfiles import git_files
from lint.resolve import origins
from lint.rules import RULES

if TYPE_CHECKING:
    from lint.check import CheckOptions
    from lint.config import Settings
    from lint.engine.engine import Engine


def run_show(options: CheckOptions, stdout: TextIO, stderr: TextIO, *, files: bool, verbose: bool) -> int:
    """`check --show-files` (files true) or `--show-settings`: print, scan nothing, exit 0."""
    from lint.check import engine_for, settings_for

    options, settings = settings_for(options)
    engine, _ = engine_for(options, settings)
    if files:
        show_files(options, settings, engine, stdout, stderr, verbose=verbose)
    else:
        show_settings(options, settings, engine, stdout)
    return 0


def show_files(
    options: CheckOptions, settings: Settings, engine: Engine, stdout: TextIO, stderr: TextIO, *, verbose: bool
) -> None:
    """The files a run would scan, one per line; with `verbose`, each path left out and why."""
    from lint.check import plan

    skipped: list[tuple[str, str]] = []
    jobs, unreadable = plan(options, settings, engine, (lambda p, r: skipped.append((p, r))) if verbose else None)
    for job in jobs:
        stdout.write(job.display + "\n")
    for result in unreadable:
        stderr.write(f"{result.path}: {result.error}\n")
    for path, reason in skipped:
        stderr.write(f"skipped {path}: {reason}\n")


def show_settings(options: CheckOptions, settings: Settings, engine: Engine, stdout: TextIO) -> None:
    """The resolved settings, each with where its value comes from, then what the vocabulary sets."""
    where = origins(options, settings)
    values: dict[str, Any] = {
        "vocabulary": settings.vocabulary_label,
        "select": sorted(options.select),
        "extend-select": sorted(options.extend_select),
        "ignore": sorted(options.ignore),
        "per-file-ignores": {glob: list(ids) for glob, ids in settings.value("per-file-ignores", ())},
        "include": list(settings.include),
        "exclude": "built-in" if options.exclude is None else list(options.exclude),
        "extend-exclude": list(options.extend_exclude),
        "force-exclude": options.force_exclude,
        "fail-on": options.fail_on.value,
        "output-format": options.output_format,
        "show-source": options.show_source,
    }
    table = settings.table
    stdout.write(f"Settings file: {table.path if table is not None else 'none'}\n")
    stdout.write(f"Project root: {settings.root}\n")
    in_git = git_files(options.cwd) is not None
    stdout.write("Files: " + ("git's (tracked, and untracked ones git does not ignore)\n" if in_git else
                               "a walk honouring .gitignore files (not a git work tree)\n"))  # fmt: skip
    width = max(len(key) for key in values) + 3 + max(len(json.dumps(value)) for value in values.values())
    for key, value in values.items():
        line = f"{key} = {json.dumps(value)}"
        stdout.write(f"{line.ljust(min(width, 60))}  # {where[key]}\n")
    vocabulary = engine.vocabulary
    stdout.write(f"\nVocabulary: {vocabulary.name} ({settings.vocabulary_label})\n")
    for field_name, globs in vars(vocabulary.paths).items():
        if globs:
            stdout.write(f"paths.{field_name} = {json.dumps(list(globs))}\n")
    stdout.write("\nRules (severity after the vocabulary's overrides):\n")
    for rule in RULES:
        severity = vocabulary.rule_severity.get(rule.value, rule.default_severity.value)
        stdout.write(f"  {rule.value}: {severity}\n")
