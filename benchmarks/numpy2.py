"""Another project's API rename at scale: the NumPy 2.0 removals beside Ruff's NPY201.

Unpacks the wheels of pandas 1.5.3, scikit-learn 1.3.2 and statsmodels 0.14.0 (their
Python files), runs `vocab-lint check` with the NumPy 2 vocabulary of the test suite
(`tests/data/numpy2/vocab.yaml`: qualified names, exact case) and `ruff check --select
NPY201` on the same tree, cold, and reports the medians, their ratio (target: at most 10×
Ruff) and how many of the lines Ruff reports for the vocabulary's names vocab-lint reports
too. Run:

    python benchmarks/numpy2.py
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import pypi, size_of  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
VOCABULARY = REPO / "tests" / "data" / "numpy2" / "vocab.yaml"
PACKAGES = ("pandas==1.5.3", "scikit-learn==1.3.2", "statsmodels==0.14.0")
TREE = Path(tempfile.gettempdir()) / "vocab-lint-benchmarks" / "numpy2"
TARGET_RATIO = 10.0
CODE_CONTEXTS = {"identifier", "attribute", "import", "keyword"}


def timed(command: list[str], cwd: Path, repeats: int) -> tuple[float, str]:
    """The median wall time of `command` over `repeats` runs, and the output of the last."""
    times, output = [], ""
    for _ in range(repeats):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
        times.append(time.perf_counter() - started)
        output = done.stdout
    return statistics.median(times), output


def section(repeats: int = 5, measured: dict[str, float] | None = None) -> list[str]:
    """The benchmark's section of docs/benchmarks.md; `measured` receives the medians of
    vocab-lint and typos (the targets table holds this real repository's ratio)."""
    ruff = shutil.which("ruff")
    tree = pypi(TREE, PACKAGES)
    files, size = size_of(tree)
    vocab_lint = shutil.which("vocab-lint") or "vocab-lint"
    check = [vocab_lint, "check", ".", "--no-cache", "--vocab", str(VOCABULARY), "--output-format", "json"]
    ours, report = timed(check, tree, repeats)
    findings = json.loads(report)["findings"]
    lines = [
        "## Another project's rename: NumPy 2 beside Ruff",
        "",
        f"pandas 1.5.3, scikit-learn 1.3.2 and statsmodels 0.14.0 ({files} Python files, {size / 1e6:.0f} MB),",
        "cold, medians of several runs. vocab-lint uses `tests/data/numpy2/vocab.yaml` (qualified names",
        "resolved through imports, exact case); Ruff runs its semantic rule NPY201. Target: at most 10× Ruff.",
        "",
        "| Tool | Median (s) | Findings | × Ruff |",
        "| --- | ---: | ---: | ---: |",
    ]
    if ruff is None:
        return [*lines, f"| vocab-lint | {ours:.2f} | {len(findings)} | — |", "", "Ruff is not installed."]
    theirs, ruff_report = timed([ruff, "check", "--isolated", "--no-cache", "--select", "NPY201",
                                  "--output-format", "json", "."], tree, repeats)  # fmt: skip
    flagged = json.loads(ruff_report)
    anchors = _anchors(tree, repeats)
    names = {entry.split(".", 1)[1] for entry in _vocabulary_names()}
    ruff_lines = {
        (os.path.relpath(f["filename"], tree), f["location"]["row"])
        for f in flagged
        if any(f"`np.{name}`" in f["message"] or f"`numpy.{name}`" in f["message"] for name in names)
    }
    code_lines = {(f["path"], f["line"]) for f in findings if f["context"] in CODE_CONTEXTS}
    text = sum(1 for f in findings if f["context"] not in CODE_CONTEXTS)
    ratio = ours / theirs
    if measured is not None:
        measured.update({"vocab-lint": ours, **anchors})
    return [
        *lines,
        f"| vocab-lint | {ours:.2f} | {len(findings)} | {ratio:.1f} |",
        f"| ruff NPY201 | {theirs:.2f} | {len(flagged)} | 1.0 |",
        *[f"| {tool} | {seconds:.2f} | — | {seconds / theirs:.1f} |" for tool, seconds in anchors.items()],
        "",
        "It is also the speed benchmark's real repository in mid-rename: `rg` searches the dotted",
        "spellings as one alternation, typos flags the same members as identifiers; target at most 5× typos"
        + (f": {ours / anchors['typos']:.1f}×." if "typos" in anchors else "."),
        "",
        f"Of the {len(ruff_lines)} lines Ruff reports for the vocabulary's names, vocab-lint reports "
        f"{len(ruff_lines & code_lines)}; it also reports {text} mentions in docstrings, comments and strings",
        f"(which Ruff does not read). Target at most {TARGET_RATIO:.0f}× Ruff: "
        f"{'met' if ratio <= TARGET_RATIO else '**not met**'}.",
    ]


def _anchors(tree: Path, repeats: int) -> dict[str, float]:
    """rg and typos on the same tree, looking for the vocabulary's members (when installed)."""
    members = [name.split(".", 1)[1] for name in _vocabulary_names()]
    found = {}
    if shutil.which("rg"):
        pattern = r"\b(?:np|numpy)\.(?:" + "|".join(re.escape(member) for member in members) + r")\b"
        found["rg"] = timed(["rg", "--count", "--no-messages", "-e", pattern, "."], tree, repeats)[0]
    if shutil.which("typos"):
        config = tree.parent / "typos-numpy2.toml"
        config.write_text(
            "[default.extend-identifiers]\n" + "".join(f'"{m}" = "{m}x"\n' for m in members), encoding="utf-8"
        )
        found["typos"] = timed(["typos", "--config", str(config), "--format", "brief", "."], tree, repeats)[0]
    return found


def _vocabulary_names() -> list[str]:
    from lint.vocabulary.load import load_vocabulary

    return [entry.name for entry in load_vocabulary(VOCABULARY).retired]


if __name__ == "__main__":
    print("\n".join(section()))
