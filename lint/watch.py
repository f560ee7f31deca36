"""`check --watch`: run again whenever a scanned file, the vocabulary or a settings file changes.

The process stays up, so modules stay imported and the result cache answers for every file
that did not change: a rerun scans only what was edited. The screen is cleared between runs
on a terminal, as `ruff check --watch` does. Changes come from watchfiles (the operating
system's notifications, batched), never from polling the tree.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from lint.cache import CACHE_FOLDER
from lint.errors import LintError
from lint.formats import SUFFIXES

# How long the watcher waits for a change before it answers with none (to be known live).
WAKE_MS = 1000

# Besides the formats scanned: what changes a run's settings or file set.
SETTINGS_NAMES = frozenset({"vocab.yaml", "pyproject.toml", "vocab-lint.toml", ".gitignore"})


def relevant(path: str) -> bool:
    """Whether a changed path can change a run's findings (the cache's own writes cannot)."""
    parts = Path(path).parts
    if CACHE_FOLDER in parts or ".git" in parts:
        return False
    name = os.path.basename(path)
    return name in SETTINGS_NAMES or os.path.splitext(name)[1].lower() in SUFFIXES or name.endswith((".yaml", ".yml"))


def watch(run: Callable[[], int], paths: Iterable[Path], stdout: TextIO, stderr: TextIO) -> int:
    """Run, then run again after each batch of relevant changes, until Ctrl-C (exit 130).

    A run that fails with a usage error (the vocabulary being edited is invalid) prints it
    and the watch goes on: the next save may fix it.
    """
    import click
    from watchfiles import watch as watch_changes

    def once() -> None:
        if stdout.isatty():
            click.clear()
        try:
            run()
        except LintError as exc:
            stderr.write(f"vocab-lint: {exc}\n")
        stdout.flush()
        stderr.write("Watching for changes (Ctrl-C to stop)...\n")
        stderr.flush()

    changes = watch_changes(
        *paths,
        watch_filter=lambda _, path: relevant(path),
        raise_interrupt=True,
        yield_on_timeout=True,
        rust_timeout=WAKE_MS,
    )
    next(changes)  # the watcher is live once it first answers: no edit after the first run is missed
    once()
    for batch in changes:
        if batch:
            once()
    return 0
