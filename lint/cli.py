"""The `vocab-lint` command line: click parses options, library functions do the work."""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from lint import __version__
from lint.cli_options import VOCAB_OPTION, make_options, report_options, scan_options
from lint.cli_vocab import vocab
from lint.errors import LintError

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a program ended by Ctrl-C

# A scan allocates millions of small objects that never form cycles (tokens, syntax trees,
# words, findings). At the default thresholds (700 net allocations, then every 10th pass of
# the generation below) the cycle collector walks them again and again: a quarter of a
# dense file's scan; at 100,000 still a tenth (one middle-generation pass over the syntax
# tree of a 1 MB file takes 0.1 s). Cycles are still collected, a million allocations
# apart; peak memory is the same on every benchmark input.
GC_THRESHOLDS = (1_000_000, 50, 50)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="vocab-lint")
def cli() -> None:
    """Keep a codebase's vocabulary honest.

    One vocabulary file (vocab.yaml) names the canonical terms, removed and deprecated
    names, words to avoid and terms that must not be conflated; vocab-lint finds where
    code and docs still disagree with it.

    \b
    Exit codes: 0 no finding at or above the fail level, 1 findings,
                2 usage error, invalid vocabulary or internal error.
    """


@cli.command()
@scan_options
@report_options
@click.option("--fix", is_flag=True, help="Apply the safe fixes, then report what remains.")
@click.option("--show-files", is_flag=True, help="List the files a run would scan, and scan nothing.")
@click.option("--show-settings", is_flag=True, help="Print the resolved settings, each with where it comes from.")
@click.option("-v", "--verbose", is_flag=True, help="With --show-files: also each path left out, and why.")
@click.option("--watch", is_flag=True, help="Run again whenever a scanned file or the settings change.")
def check(fix: bool, show_files: bool, show_settings: bool, verbose: bool, watch: bool, **raw: Any) -> None:
    """Scan PATHS (default: the current folder) for stale and non-canonical terms.

    Python (.py, .pyi), Markdown (.md, .markdown, .mdx), Jupyter notebooks (.ipynb) and
    reStructuredText (.rst, .rest) files are scanned. In a git work tree the files are
    git's (tracked, and untracked ones git does not ignore); elsewhere .gitignore files
    are honoured; then the include and exclude settings apply. `-` as the only path reads
    standard input (name it with --stdin-filename).
    """
    from lint.check import run_check

    options = make_options(fix, raw)
    if show_files or show_settings:
        from lint.show import run_show

        sys.exit(run_show(options, sys.stdout, sys.stderr, files=show_files, verbose=verbose))
    if watch:
        from lint.watch import watch as watch_runs

        sys.exit(watch_runs(lambda: run_check(options, sys.stdout, sys.stderr), options.paths, sys.stdout, sys.stderr))
    sys.exit(run_check(options, sys.stdout, sys.stderr, sys.stdin))


# vocab-lint: off[throttle-manager] the help text shows the default vocabulary at work
@cli.command()
@scan_options
@report_options
def fix(**raw: Any) -> None:
    """Apply the safe fixes in PATHS (the same as `check --fix`).

    A replacement takes the style of the text it replaces (ThrottleManager ->
    RequestAdmissionController, throttle_manager -> request_admission_controller).
    Files are rewritten atomically, keeping encoding, line endings and permissions.
    """
    from lint.check import run_check

    sys.exit(run_check(make_options(True, raw), sys.stdout, sys.stderr, sys.stdin))


@cli.command()
@scan_options
@click.option(
    "-o",
    "--output-file",
    "--output",
    "output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path(".vocab-lint-baseline.json"),
    show_default=True,
    help="Baseline file to write.",
)
@click.option("--update", is_flag=True, help="Only prune entries that are no longer found; add nothing.")
def baseline(output: Path, update: bool, **raw: Any) -> None:
    """Record the current findings so that `check --baseline FILE` reports only new ones."""
    from lint.check import run_baseline

    sys.exit(run_baseline(make_options(False, raw), output, update=update, stderr=sys.stderr))


@cli.command()
@scan_options
@click.option("--reason", required=True, help="Why these findings stay; written after each directive.")
def suppress(reason: str, **raw: Any) -> None:
    """Write an allow directive for every current finding (the other way to adopt, beside a baseline).

    Python lines end in `# vocab-lint: allow[ID] REASON` (or an off ... on region); pages get
    it above the block. A file it cannot fully suppress is named and left as it was (exit 1).
    """
    from lint.suppress import run_suppress

    if "]" in reason or "\n" in reason or "-->" in reason or "*/" in reason:
        raise click.BadParameter("a reason ends its comment: no ], line break, --> or */", param_hint="--reason")
    sys.exit(run_suppress(make_options(False, raw), reason, sys.stderr))


@cli.command()
@click.argument("entry")
@VOCAB_OPTION
def explain(entry: str, vocab: Path | None) -> None:
    """Explain a vocabulary entry: an id (throttle-manager), a name (ThrottleManager) or a rule id."""
    from lint.rules import describe_rule, rule_named

    rule = rule_named(entry)
    if rule is not None:
        click.echo(describe_rule(rule.info))
        return
    from lint.check import project_versions
    from lint.config import load_settings_and_vocabulary
    from lint.engine.explain import explain as explain_entry
    from lint.vocabulary.windows import judged

    settings, vocabulary = load_settings_and_vocabulary(Path.cwd(), vocab)
    click.echo(explain_entry(judged(vocabulary, lambda: project_versions(settings)), entry))


@cli.command()
@click.argument("rule_id", required=False)
@click.option("--all", "show_all", is_flag=True, help="Every rule.")
@click.option(
    "--output-format",
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="markdown writes the rules page of the documentation (docs/rules.md).",
)
def rule(rule_id: str | None, show_all: bool, output_format: str) -> None:
    """Explain a rule (removed-name, conflated-terms, ...), or list them all with --all."""
    from lint.rules import RULES, describe_rule, did_you_mean, rule_named, rule_section, rules_page

    if (rule_id is not None) == show_all:
        raise click.UsageError("give one RULE_ID, or --all")
    infos = list(RULES.values())
    if rule_id is not None:
        found = rule_named(rule_id)
        if found is None:
            raise click.UsageError(f"no rule is named '{rule_id}'{did_you_mean(rule_id, [i.id for i in infos])}")
        infos = [found.info]
    if output_format == "markdown":
        click.echo(rules_page() if show_all else rule_section(infos[0]), nl=False)
    elif output_format == "json":
        rows = [{"id": i.id, "severity": i.severity.value, "summary": i.summary, "fix": i.fix,
                 "explanation": i.explanation} for i in infos]  # fmt: skip
        click.echo(json.dumps(rows if show_all else rows[0], indent=2))
    else:
        click.echo("\n\n".join(describe_rule(info) for info in infos))


# vocab-lint: on


@cli.command()
@VOCAB_OPTION
@click.option(
    "-o",
    "--output-file",
    "--output",
    "output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the page to FILE.",
)
@click.option(
    "--check", "check_only", is_flag=True, help="Exit 1 (and print a diff) if FILE differs from the vocabulary."
)
@click.option("--title", default="Glossary", show_default=True, help="Title of the page.")
@click.option(
    "--format",
    "page_format",
    type=click.Choice(["markdown", "mdx", "rst"]),
    default="markdown",
    show_default=True,
    help="markdown (MkDocs), mdx (Fern, Docusaurus, Mintlify) or rst (Sphinx).",
)
@click.option("--diagram/--no-diagram", default=True, show_default=True, help="Open the page with a map of the terms.")
def glossary(
    vocab: Path | None, output: Path | None, check_only: bool, title: str, page_format: str, diagram: bool
) -> None:
    """Render the glossary page (Markdown, MDX or reST) from the vocabulary.

    Sections follow the categories; each term has an anchor (#term-id) with its definition,
    code names, aliases, variants to avoid and see-also links, followed by a migration table
    of removed and deprecated names. For MkDocs, the vocab-glossary plugin builds the same
    page without a committed copy; for Sphinx, the lint.site.sphinx_extension extension's
    `.. vocab-glossary::` directive does.
    """
    from lint.config import load_settings_and_vocabulary
    from lint.files.textfile import write_output
    from lint.site.glossary import check_page, render_glossary

    _, vocabulary = load_settings_and_vocabulary(Path.cwd(), vocab)
    if page_format == "rst":
        from lint.site.glossary_rst import render_rst_glossary

        page = render_rst_glossary(vocabulary, title, diagram=diagram)
    else:
        page = render_glossary(vocabulary, title, mdx=page_format == "mdx", diagram=diagram)
    if check_only:
        if output is None:
            raise click.UsageError("--check needs --output FILE to compare with")
        sys.exit(check_page(page, output, sys.stdout, sys.stderr))
    if output is None:
        click.echo(page, nl=False)
    else:
        write_output(output, page)


@cli.command()
@click.option("--since", metavar="REV", help="Draft the removed names and moved modules from history since REV.")
def init(since: str | None) -> None:
    """Write a starter vocab.yaml (one commented example of each kind) and the settings table."""
    from lint.init import drafted_since, run_init

    sys.exit(run_init(Path.cwd(), drafted_since(Path.cwd(), since) if since else "", sys.stderr))


@cli.command()
def clean() -> None:
    """Remove the result cache (.vocab-lint-cache/) of the project of the current folder."""
    from lint.cache import CACHE_FOLDER
    from lint.cache import clean as remove_cache
    from lint.config import find_settings

    root = find_settings(Path.cwd()).root
    removed = remove_cache(root)
    click.echo(f"Removed {root / CACHE_FOLDER}." if removed else "No cache to remove.")


@cli.command()
def server() -> None:
    """Run the language server over standard input and output (editors start it).

    Diagnostics as `check` reports them, quick fixes, "allow here" actions and the
    glossary on hover. Needs the lsp extra: pip install "vocab-lint[lsp]".
    """
    try:
        from lint.server.app import run
    except ImportError as exc:
        raise LintError(
            f'the language server needs pygls ({exc.name} is missing): pip install "vocab-lint[lsp]"'
        ) from exc
    run()


cli.add_command(vocab)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; user errors print one clear message and exit 2, never a traceback."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="vocab-lint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except click.exceptions.Abort as exc:
        # Ctrl-C (click turns it into Abort): the shell's convention, 128 + SIGINT, no trace.
        interrupted = isinstance(exc.__context__, KeyboardInterrupt)
        click.echo("Interrupted." if interrupted else "Aborted.", err=True)
        return EXIT_INTERRUPTED if interrupted else EXIT_USAGE
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return EXIT_INTERRUPTED
    except LintError as exc:
        click.echo(f"vocab-lint: {exc}", err=True)
        return EXIT_USAGE
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except Exception:  # the edge of the program: any bug becomes exit code 2, with its trace
        import traceback

        click.echo("vocab-lint: internal error; please report it with this trace:", err=True)
        click.echo(traceback.format_exc(), err=True)
        return EXIT_USAGE
    return 0


def entry_point() -> None:
    """Console-script entry.

    Once the run has flushed what it wrote, the process ends without the interpreter's
    teardown (freeing every module and object one by one costs 10-20 ms, a tenth of a
    pre-commit run); files and the cache are closed by then, worker processes joined.
    """
    gc.set_threshold(*GC_THRESHOLDS)
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: let the interpreter's exit report it as it always has
        sys.exit(code)
    os._exit(code)
