"""Precision of the default vocabulary on capacity docs written correctly in its terms.

Every sentence of `benchmarks/precision/docs` is correct (a concepts guide, a tuning guide
and a troubleshooting page in the style of the engine's own docs), so every finding is a
false positive. Prints the count per rule; the target is zero. Run:

    python benchmarks/precision.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "precision"


def false_positives() -> tuple[Counter[str], list[str]]:
    """Findings per rule on the corpus, and one line per finding."""
    completed = subprocess.run(
        [sys.executable, "-m", "lint", "check", "--no-cache", "--output-format", "json", "docs"],
        cwd=CORPUS, capture_output=True, text=True, check=False,
    )  # fmt: skip
    findings = json.loads(completed.stdout)["findings"]
    lines = [f"{f['path']}:{f['line']}:{f['column']}: {f['rule']} [{f['term']}] {f['matched']}" for f in findings]
    return Counter(f["rule"] for f in findings), lines


def section() -> list[str]:
    """The benchmark page's section on precision."""
    counts, lines = false_positives()
    rows = [f"| {rule} | {count} |" for rule, count in sorted(counts.items())] or ["| (every rule) | 0 |"]
    return [
        "## Precision",
        "",
        "False positives of the default vocabulary on correct capacity docs (`benchmarks/precision`);",
        "the target is zero.",
        "",
        "| Rule | False positives |",
        "| --- | ---: |",
        *rows,
        *(["", "```text", *lines, "```"] if lines else []),
    ]


if __name__ == "__main__":
    print("\n".join(section()))
    sys.exit(1 if false_positives()[0] else 0)
