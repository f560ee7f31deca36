"""How long `vocab-lint vocab suggest` takes on a repository with a long history.

Builds (once) a git repository of 700 Python files and 300 commits between two tags, each
commit renaming a class, a function, a parameter or an attribute somewhere, and times
`vocab suggest --since v0 --until v1` against the 10 s target. Run:

    python benchmarks/history.py
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CODE = Path(__file__).resolve().parents[1]  # this checkout's vocab-lint, whatever is installed
FILES = 700
COMMITS = 300
TARGET_S = 10.0
REPOSITORY = Path(tempfile.gettempdir()) / "vocab-lint-benchmarks" / "history"
WORDS = ["order", "ledger", "parcel", "invoice", "route", "window", "batch", "quota", "tariff", "depot", "crate"]


def _module(rng: random.Random, index: int) -> str:
    first, second = rng.sample(WORDS, 2)
    klass = f"{first.title()}{second.title()}Keeper{index}"
    return (
        f'"""The {first} {second} module."""\n\n\n'
        f"class {klass}:\n"
        f"    def __init__(self, {first}_limit: int = 3) -> None:\n"
        f"        self.{second}_count_{index} = {first}_limit\n\n"
        f"    def settle_{first}_{index}(self, *, {second}_budget: int = 1) -> int:\n"
        f"        return self.{second}_count_{index} + {second}_budget\n\n\n"
        f"def make_{first}_{second}_{index}() -> {klass}:\n"
        f"    return {klass}()\n"
    )


def build(folder: Path = REPOSITORY) -> Path:
    """The repository, made once: tag v0, then COMMITS renaming commits, tag v1."""
    if (folder / ".complete").exists():
        return folder
    subprocess.run(["rm", "-rf", str(folder)], check=True)
    rng = random.Random(11)
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@e", "GIT_COMMITTER_NAME": "b",
           "GIT_COMMITTER_EMAIL": "b@e"}  # fmt: skip

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)

    for index in range(FILES):
        path = folder / "src" / "depot" / f"pkg{index // 50:02d}" / f"module{index:03d}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_module(rng, index), encoding="utf-8")
    (folder / "docs").mkdir()
    git("init", "-q", "-b", "main")
    git("add", ".")
    git("commit", "-q", "-m", "v0")
    git("tag", "v0")
    modules = sorted((folder / "src").rglob("module*.py"))
    for commit in range(COMMITS):
        path = rng.choice(modules)
        text = path.read_text(encoding="utf-8")
        old = rng.choice(["Keeper", "settle_", "_budget", "_count_"])
        new = {"Keeper": "Steward", "settle_": "close_", "_budget": "_allowance", "_count_": "_tally_"}[old]
        path.write_text(text.replace(old, new), encoding="utf-8")
        doc = folder / "docs" / f"page{commit % 40:02d}.md"
        doc.write_text(doc.read_text(encoding="utf-8") if doc.exists() else "# Notes\n", encoding="utf-8")
        with doc.open("a", encoding="utf-8") as stream:
            stream.write(f"\nThe {text.split('class ')[1].split(':')[0]} is described here.\n")
        git("add", ".")
        git("commit", "-q", "-m", f"rename {commit}")
    git("tag", "v1")
    (folder / ".complete").touch()
    return folder


def times(repeats: int = 3) -> list[float]:
    """Seconds per `vocab suggest --since v0 --until v1`."""
    folder = build()
    measured = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "lint", "vocab", "suggest", "--since", "v0", "--until", "v1"],
            cwd=folder, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(CODE)},
        )  # fmt: skip
        measured.append(time.perf_counter() - started)
    return measured


def section() -> list[str]:
    """The benchmark page's section on drafting from history."""
    median = statistics.median(times())
    met = "yes" if median <= TARGET_S else "**no**"
    return [
        "## Drafting from history",
        "",
        f"`vocab-lint vocab suggest` on a repository of {FILES} Python files with {COMMITS} renaming commits",
        "between the two tags (2 cores, cold).",
        "",
        "| Case | Median (s) | Target (s) | Met |",
        "| --- | ---: | ---: | --- |",
        f"| {FILES} files, {COMMITS} commits | {median:.2f} | {TARGET_S:.0f} | {met} |",
    ]


if __name__ == "__main__":
    print("\n".join(section()))
