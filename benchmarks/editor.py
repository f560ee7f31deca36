"""How long the language server takes to re-lint a buffer on change, after warm-up.

A 2,000-line Python file (one line in ten stale) is linted in process as the server lints
a buffer (the same `Linter` and diagnostics conversion), edited and linted again; the
median of the re-lints is compared with the 100 ms target. Run:

    python benchmarks/editor.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from pygls.workspace import PositionCodec

from lint.server.buffers import Linter
from lint.server.features import diagnostics
from lint.server.positions import Positions

LINES = 2000
TARGET_MS = 100.0


def buffer(edit: int) -> str:
    """A module of `LINES` lines; `edit` changes one line, as typing does."""
    lines = []
    for index in range(LINES):
        if index % 10 == 0:
            lines.append(f"manager_{index} = ThrottleManager()  # the throttle manager")
        else:
            lines.append(f"value_{index} = compute({index}, label='row {index}')  # plain code")
    lines[LINES // 2] = f"edited = {edit}"
    return "\n".join(lines) + "\n"


def relint_times(repeats: int = 21) -> list[float]:
    """Milliseconds per re-lint of the edited buffer, after three warm-up runs."""
    folder = Path(tempfile.mkdtemp(prefix="vocab-lint-editor-"))
    path = folder / "module.py"
    linter = Linter()
    codec = PositionCodec()
    for warm_up in range(3):
        text = buffer(warm_up)
        linted = linter.lint(path, text)
        assert linted is not None
        diagnostics(linted, Positions(text, codec))
    times = []
    for edit in range(repeats):
        text = buffer(100 + edit)
        started = time.perf_counter()
        linted = linter.lint(path, text)
        assert linted is not None
        diagnostics(linted, Positions(text, codec))
        times.append((time.perf_counter() - started) * 1000)
    return times


def section() -> list[str]:
    """The benchmark page's section on the language server."""
    median = statistics.median(relint_times())
    met = "yes" if median <= TARGET_MS else "**no**"
    return [
        "## Editor",
        "",
        f"`vocab-lint server` re-linting a {LINES:,}-line Python file (one line in ten stale) on change,",
        "after warm-up: the linter and the diagnostics conversion the server runs, in process.",
        "",
        "| Case | Median (ms) | Target (ms) | Met |",
        "| --- | ---: | ---: | --- |",
        f"| re-lint on change, {LINES:,} lines | {median:.1f} | {TARGET_MS:.0f} | {met} |",
    ]


if __name__ == "__main__":
    lines = section()
    print("\n".join(lines))
    sys.exit(0)
