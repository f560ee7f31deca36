"""The options `check`, `fix` and `baseline` share, and how they become a `CheckOptions`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from lint.report.reporters import REPORTERS
from lint.rules import Severity

if TYPE_CHECKING:
    from lint.check import CheckOptions

VOCAB_OPTION = click.option(
    "--vocab",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Vocabulary file (default: [tool.vocab-lint] in pyproject.toml, then the nearest vocab.yaml, "
    "then the embedded default).",
)


def _ids(value: tuple[str, ...]) -> frozenset[str]:
    return frozenset(part.strip() for item in value for part in item.split(",") if part.strip())


def _options(decorators: list[Callable[[Callable[..., None]], Callable[..., None]]]) -> Callable[..., Any]:
    def apply(command: Callable[..., None]) -> Callable[..., None]:
        for decorator in reversed(decorators):
            command = decorator(command)
        return command

    return apply


scan_options = _options(
    [
        click.argument("paths", nargs=-1, type=click.Path(path_type=Path)),
        VOCAB_OPTION,
        click.option(
            "--select", multiple=True, help="Report only these rules or term ids (comma-separated, repeatable)."
        ),
        click.option(
            "--extend-select", multiple=True, help="Report these rules or term ids in addition to those selected."
        ),
        click.option(
            "--ignore", multiple=True, help="Never report these rules or term ids (comma-separated, repeatable)."
        ),
        click.option(
            "--exclude",
            multiple=True,
            help="Paths never scanned (gitignore-style globs); replaces the settings' list and the built-in one.",
        ),
        click.option("--extend-exclude", multiple=True, help="Paths never scanned, in addition to the others."),
        click.option(
            "--force-exclude/--no-force-exclude",
            default=False,
            help="Apply the excludes to files named on the command line too (what pre-commit passes).",
        ),
        click.option(
            "--jobs", "-j", type=click.IntRange(min=0), default=0, help="Worker processes (0: pick by file count)."
        ),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache (.vocab-lint-cache/)."),
    ]
)

report_options = _options(
    [
        click.option(
            "--output-format",
            "--format",
            "output_format",
            type=click.Choice(sorted(REPORTERS)),
            default="text",
            show_default=True,
            help="Report format (--format is an alias).",
        ),
        click.option(
            "-o",
            "--output-file",
            "--output",
            "output",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Write the report to FILE; the terminal still gets the summary (--output is an alias).",
        ),
        click.option("-q", "--quiet", is_flag=True, help="Print the findings and nothing else (no summary or notes)."),
        click.option(
            "--color",
            type=click.Choice(["auto", "always", "never"]),
            default="auto",
            show_default=True,
            help="Colour the text report; auto colours a terminal unless NO_COLOR is set (FORCE_COLOR forces it).",
        ),
        click.option(
            "--stdin-filename",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Read the text from standard input and report it as FILE (with --fix, print the fixed text).",
        ),
        click.option(
            "--fail-on",
            type=click.Choice(["error", "warning"]),
            default="error",
            show_default=True,
            help="Lowest severity that makes the exit code 1.",
        ),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings."),
        click.option(
            "--baseline",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Report only findings not recorded in this baseline file.",
        ),
        click.option(
            "--statistics",
            is_flag=True,
            help="Print counts per rule and term, with how many are fixable, instead of the findings.",
        ),
        click.option(
            "--show-source/--no-show-source",
            default=None,
            help="Print the source line with a caret under each finding (default: on a terminal).",
        ),
        click.option(
            "--diff", is_flag=True, help="Print the fixes as a unified diff and write nothing (exit 1 if any)."
        ),
        click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes the vocabulary marks unsafe."),
        click.option(
            "--show-fixes", is_flag=True, help="With fixing: list each fix applied (where, rule, old and new text)."
        ),
        click.option("--force", is_flag=True, help="Also fix files that have other hard links (the links are split)."),
        click.option(
            "--changed-since",
            metavar="REV",
            help="Report only findings on lines added or changed since the merge base of REV and HEAD.",
        ),
        click.option(
            "--assume-version",
            "assume_versions",
            metavar="REQ",
            multiple=True,
            help="Judge version windows as if the project supported these versions (numpy==2.1; repeatable); "
            "replaces what pyproject.toml and the settings' `versions` say of that distribution.",
        ),
    ]
)


def make_options(fix: bool, raw: dict[str, Any]) -> CheckOptions:
    from lint.check import CheckOptions

    terminal = sys.stdout.isatty()
    output = raw.get("output")
    output_format = raw.get("output_format", "text")
    show_source = raw.get("show_source")
    quiet = raw.get("quiet", False)
    stdin_filename = raw.get("stdin_filename")
    paths = _paths(raw["paths"], stdin_filename)
    context = click.get_current_context(silent=True)
    explicit = frozenset(
        name
        for name in raw
        if context is not None and context.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE
    )
    return CheckOptions(
        paths=paths or (Path("."),),
        vocab=raw["vocab"],
        output_format=output_format,
        output=output,
        fail_on=Severity(raw.get("fail_on", "error")),
        exit_zero=raw.get("exit_zero", False),
        select=_ids(raw["select"]),
        ignore=_ids(raw["ignore"]),
        baseline=raw.get("baseline"),
        statistics=raw.get("statistics", False),
        show_source=terminal if show_source is None else show_source,
        color=_use_color(raw.get("color", "auto"), terminal and output is None),
        progress=sys.stderr.isatty() and not quiet,
        jobs=raw["jobs"],
        fix=fix,
        diff=raw.get("diff", False),
        show_fixes=raw.get("show_fixes", False),
        unsafe_fixes=raw.get("unsafe_fixes", False),
        cache=not raw["no_cache"],
        quiet=quiet,
        force=raw.get("force", False),
        stdin_filename=stdin_filename,
        extend_select=_ids(raw["extend_select"]),
        exclude=_globs(raw["exclude"]) if "exclude" in explicit else None,
        extend_exclude=_globs(raw["extend_exclude"]) or (),
        force_exclude=raw["force_exclude"],
        changed_since=raw.get("changed_since"),
        assume_versions=assumed_versions(raw.get("assume_versions", ())),
        explicit=explicit,
    )


def assumed_versions(value: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """`--assume-version numpy==2.1` as (distribution, specifier) pairs (`packaging` is
    imported only when there are some: most runs judge no version window)."""
    if not value:
        return ()
    from lint.errors import LintError
    from lint.project_versions import requirement_override

    try:
        return tuple(requirement_override(text) for text in value)
    except LintError as exc:
        raise click.BadParameter(str(exc).partition(": ")[2], param_hint="--assume-version") from exc


def _globs(value: tuple[str, ...]) -> tuple[str, ...]:
    """Comma-separated, repeatable globs, each checked as the settings file's are."""
    from lint.settings_file import glob_problem

    globs = tuple(part.strip() for item in value for part in item.split(",") if part.strip())
    for glob in globs:
        problem = glob_problem(glob)
        if problem is not None:
            raise click.BadParameter(problem, param_hint="--exclude/--extend-exclude")
    return globs


def _paths(paths: tuple[Path, ...], stdin_filename: Path | None) -> tuple[Path, ...]:
    """The paths to scan; `-` (standard input, as Ruff reads it) is none, and needs
    `--stdin-filename`, whose suffix picks the format."""
    if Path("-") in paths:
        if len(paths) > 1:
            raise click.UsageError("- (standard input) must be the only path")
        if stdin_filename is None:
            raise click.UsageError("- reads standard input: name it with --stdin-filename (its suffix picks a format)")
        paths = ()
    if stdin_filename is not None and paths:
        raise click.UsageError("--stdin-filename reads standard input; give no PATHS with it (or only -)")
    return paths


def _use_color(choice: str, terminal: bool) -> bool:
    """`--color`, then NO_COLOR (no-color.org), then FORCE_COLOR, then whether it is a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return terminal
