"""What reading the reST markup of docstrings costs a Python scan.

Makes two trees of the same real module (Flask's `wrappers.py`, whose docstrings are full
of roles and literals, from the test suite), copied to about MEGABYTES each: one as
written, one with every backtick turned into a quote, so that no docstring holds markup and
its scan skips the markup search. The vocabulary retires the word "the", so that nearly
every docstring is matched and searched. Times `vocab-lint check` on both, cold and in one
process, alternately, and reports the medians and their ratio (target: at most 1.1). Run:

    python benchmarks/docstrings.py
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
from pathlib import Path

from rst import WORST_CASE_VOCABULARY, timed

REPO = Path(__file__).resolve().parents[1]
MODULE = REPO / "tests" / "data" / "docstrings" / "wrappers.py"
TREE = Path(tempfile.gettempdir()) / "vocab-lint-benchmarks" / "docstrings"
MEGABYTES = 4
TARGET_RATIO = 1.1


def _tree(name: str, text: str) -> Path:
    folder = TREE / name
    folder.mkdir(parents=True)
    copies = MEGABYTES * 1_000_000 // len(text.encode("utf-8")) + 1
    for index in range(copies):
        (folder / f"m{index:05}.py").write_text(text, encoding="utf-8")
    return folder


def section(repeats: int = 5) -> list[str]:
    """The benchmark's section of docs/benchmarks.md."""
    shutil.rmtree(TREE, ignore_errors=True)
    text = MODULE.read_text(encoding="utf-8")
    marked = _tree("marked", text)
    plain = _tree("plain", text.replace("`", "'"))
    vocabulary = TREE / "worst.yaml"
    vocabulary.write_text(WORST_CASE_VOCABULARY, encoding="utf-8")
    times: dict[Path, list[float]] = {marked: [], plain: []}
    for _ in range(repeats):
        for tree in (marked, plain):
            times[tree].append(timed(tree, vocabulary))
    with_markup, without = statistics.median(times[marked]), statistics.median(times[plain])
    ratio = with_markup / without
    return [
        "## Docstring markup",
        "",
        f"About {MEGABYTES} MB of copies of a real module full of reST docstrings (Flask's",
        "`wrappers.py`), as written and with its backticks turned into quotes (no markup to",
        'read); the vocabulary retires the word "the", so that nearly every docstring is',
        f"matched. Cold, one process, {repeats} alternating runs, medians.",
        "",
        "| Tree | Median (s) |",
        "| --- | ---: |",
        f"| docstrings with roles and literals | {with_markup:.2f} |",
        f"| the same without markup | {without:.2f} |",
        "",
        f"Ratio {ratio:.2f}; target: at most {TARGET_RATIO:.1f}; met: {'yes' if ratio <= TARGET_RATIO else '**no**'}.",
        "The markup is found by one regular expression over each matched docstring; no docstring",
        "is parsed a second time. The copies share their parse (a statement's nodes are remembered",
        "by its text) but not the markup search, so the ratio is an upper bound.",
    ]


if __name__ == "__main__":
    print("\n".join(section()))
