"""What a notebook costs beside its cells written as Python and Markdown files.

Makes 600 notebooks from the real tutorial notebooks of the test suite (each made unique,
one in ten with a stale name planted in a Markdown cell), and a second tree holding the
same cells as one `.py` file (the code cells) and one `.md` file (the Markdown cells) per
notebook. Times `vocab-lint check` on both, cold and in one process, alternately, and
reports the medians and their ratio (target: at most 1.0, within noise). Run:

    python benchmarks/notebooks.py
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
SOURCES = sorted((REPO / "tests" / "data" / "notebooks").glob("*.ipynb"))
TREE = Path(tempfile.gettempdir()) / "vocab-lint-benchmarks" / "notebooks"
COUNT = 600
TARGET_RATIO = 1.0
NOISE = 0.05


def _trees() -> tuple[Path, Path]:
    notebooks, split = TREE / "notebooks", TREE / "cells"
    shutil.rmtree(TREE, ignore_errors=True)
    notebooks.mkdir(parents=True)
    split.mkdir(parents=True)
    for index in range(COUNT):
        notebook = nbformat.reads(SOURCES[index % len(SOURCES)].read_text(encoding="utf-8"), as_version=4)
        notebook.cells[1].source += f"\n\nCopy number {index}."
        if index % 10 == 0:
            notebook.cells[2].source += "\nThe ThrottleManager is gone."
        (notebooks / f"n{index:04}.ipynb").write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
        code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
        prose = "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
        (split / f"n{index:04}.py").write_text(code + "\n", encoding="utf-8")
        (split / f"n{index:04}.md").write_text(prose + "\n", encoding="utf-8")
    return notebooks, split


def _timed(tree: Path) -> float:
    command = [sys.executable, "-m", "lint", "check", "--no-cache", "--jobs", "1", "-q", "--output-format", "json"]
    started = time.perf_counter()
    subprocess.run(command, cwd=tree, capture_output=True, check=False)
    return time.perf_counter() - started


def section(repeats: int = 7) -> list[str]:
    """The benchmark's section of docs/benchmarks.md."""
    notebooks, split = _trees()
    times: dict[Path, list[float]] = {notebooks: [], split: []}
    for _ in range(repeats):
        for tree in (notebooks, split):
            times[tree].append(_timed(tree))
    ours, theirs = statistics.median(times[notebooks]), statistics.median(times[split])
    ratio = ours / theirs
    size = sum(path.stat().st_size for path in notebooks.iterdir()) / 1e6
    return [
        "## Notebooks",
        "",
        f"{COUNT} notebooks ({size:.0f} MB) made from the real tutorial notebooks of the test suite, beside the",
        "same cells written as one `.py` and one `.md` file per notebook; cold, one process,",
        f"{repeats} alternating runs, medians.",
        "",
        "| Tree | Median (s) |",
        "| --- | ---: |",
        f"| notebooks | {ours:.2f} |",
        f"| the same cells as .py and .md files | {theirs:.2f} |",
        "",
        f"Ratio {ratio:.2f} (target ≤ {TARGET_RATIO:.1f}, within {NOISE:.0%} noise): met: "
        f"{'yes' if ratio <= TARGET_RATIO + NOISE else '**no**'}.",
    ]


if __name__ == "__main__":
    print("\n".join(section()))
