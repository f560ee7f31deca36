"""`vocab-lint vocab`: commands about the vocabulary file itself."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from lint.cli_options import VOCAB_OPTION


@click.group()
def vocab() -> None:
    """Work on the vocabulary file itself."""


@vocab.command("test")
@VOCAB_OPTION
def vocab_test(vocab: Path | None) -> None:
    """Run every example in the vocabulary; exit 1 if any behaves otherwise than declared."""
    from lint.config import load_settings_and_vocabulary
    from lint.engine.engine import Engine
    from lint.selftest import run_examples

    settings, vocabulary = load_settings_and_vocabulary(Path.cwd(), vocab)
    results = list(run_examples(Engine(vocabulary)))
    failures = [r for r in results if not r.ok]
    for failure in failures:
        click.echo(failure.describe())
    click.echo(
        f"{settings.vocabulary_label}: {len(results) - len(failures)} of {len(results)} examples behave as declared."
    )
    sys.exit(1 if failures else 0)


@vocab.command("suggest")
@click.option("--since", required=True, help="The revision before the renames (a tag, a branch, a commit).")
@click.option("--until", default=None, help="The revision after them (default: the work tree).")
@click.option(
    "--output-format",
    "--format",
    "output_format",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
    help="yaml (a draft for vocab.yaml) or json (for tools).",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the N best candidates of each kind.")
@click.option("--check", "check_only", is_flag=True, help="Exit 1 when a still-mentioned candidate is not covered.")
@VOCAB_OPTION
def vocab_suggest(
    since: str, until: str | None, output_format: str, limit: int | None, check_only: bool, vocab: Path | None
) -> None:
    """Draft `removed:` and `moved_modules:` entries from what git history renamed.

    Names defined at --since and nowhere at --until, and module files that moved, ranked by
    how many places still mention them, each with its likeliest replacement. The output is
    a draft for a person to review, never applied by itself.
    """
    from lint.config import load_settings_and_vocabulary
    from lint.engine.engine import Engine
    from lint.history.git import Repository
    from lint.history.render import as_json, as_yaml
    from lint.history.suggest import suggest, uncovered

    _, vocabulary = load_settings_and_vocabulary(Path.cwd(), vocab)
    repository = Repository(Path.cwd())
    since = repository.resolve(since)
    until = None if until is None else repository.resolve(until)
    found = suggest(repository, since, until, Engine(vocabulary))
    if limit is not None:
        found.removed, found.moved = found.removed[:limit], found.moved[:limit]
    click.echo(as_json(found) if output_format == "json" else as_yaml(found), nl=False)
    if check_only and uncovered(found):
        click.echo(f"{len(uncovered(found))} renamed name(s) are still mentioned and not in the vocabulary.", err=True)
        sys.exit(1)


@vocab.command("schema")
@click.option(
    "--settings", "of_settings", is_flag=True, help="The schema of [tool.vocab-lint] / vocab-lint.toml instead."
)
def vocab_schema(of_settings: bool) -> None:
    """Print the JSON Schema of vocabulary files (for editors and CI)."""
    from lint.settings_file import settings_schema
    from lint.vocabulary.schema import schema

    click.echo(json.dumps(settings_schema() if of_settings else schema(), indent=2))


@vocab.command("due")
@VOCAB_OPTION
@click.option(
    "--assume-version",
    "assume_versions",
    metavar="REQ",
    multiple=True,
    help="Take this project's version to be this (my-project==4.0; repeatable) instead of what it declares.",
)
def vocab_due(vocab: Path | None, assume_versions: tuple[str, ...]) -> None:
    """List this project's own retired names whose `removed_in` its version has reached.

    Those are the names the current release should have removed (a shim past its date);
    exit 1 when there are any, so a release gate can run it. The project's version is
    `[project].version`, else the installed distribution's, else `git describe --tags`.
    """
    from lint.check import project_versions
    from lint.cli_options import assumed_versions
    from lint.config import load_settings_and_vocabulary
    from lint.text.words import plural
    from lint.vocabulary.windows import due

    settings, vocabulary = load_settings_and_vocabulary(Path.cwd(), vocab)
    support = project_versions(settings, assumed_versions(assume_versions)).support(None)
    if not support.ranges:
        from lint.errors import LintError

        raise LintError(
            "cannot tell this project's version: pyproject.toml has no [project].version, "
            "the project is not installed, and git describe --tags finds no tag"
        )
    names = due(vocabulary, support)
    for entry in names:
        click.echo(f"{entry.origin}: '{entry.name}' ({entry.id}) is due: removed in {entry.removed_in}")
    summary = f"{plural(len(names), 'name')} due for removal" if names else "Nothing is due"
    click.echo(f"{summary}: {support.describe()}.")
    sys.exit(1 if names else 0)
