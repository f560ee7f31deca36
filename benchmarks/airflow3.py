"""A third-party major version beside its peer rule: Apache Airflow 3 against Ruff's AIR301/AIR302.

Unpacks released code written against Airflow 2 (the apache-airflow 2.2.5 wheel, eleven
provider wheels of that era and three third-party packages built on Airflow), runs
`vocab-lint check` with `benchmarks/airflow3-vocab.yaml` (the names of Ruff's own rule
tables, written by `airflow3_tables.py`) and `ruff check --select AIR301,AIR302` on the
same tree, cold, and reports:

- the medians and their ratio (target: at most 10x Ruff), beside the floor: CPython's
  `ast.parse` of the same files on one core;
- how many of the lines Ruff reports for the vocabulary's names vocab-lint reports,
  outside the module that defines the name (target: 98%);
- what vocab-lint reports that Ruff does not, by kind (Ruff reports uses, not the import
  statements that bring a removed name in), and the rest, which would be false (target:
  at most 2% of code findings);
- after `vocab-lint fix` on a copy: whether every fixed file still compiles, and whether
  Ruff still reports a name that has one replacement outside its defining module (target:
  none);
- where vocab-lint's time goes on this corpus, phase by phase (`phases.py`).

Run:

    python benchmarks/airflow3.py
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import pypi, size_of  # noqa: E402
from numpy2 import timed  # noqa: E402
from phases import profile  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
VOCABULARY = REPO / "benchmarks" / "airflow3-vocab.yaml"
PACKAGES = (
    "apache-airflow==2.2.5",
    "apache-airflow-providers-amazon==2.4.0",
    "apache-airflow-providers-cncf-kubernetes==2.0.3",
    "apache-airflow-providers-databricks==2.0.2",
    "apache-airflow-providers-docker==2.3.0",
    "apache-airflow-providers-google==6.0.0",
    "apache-airflow-providers-http==2.0.1",
    "apache-airflow-providers-microsoft-azure==3.3.0",
    "apache-airflow-providers-postgres==2.3.0",
    "apache-airflow-providers-slack==4.1.0",
    "apache-airflow-providers-snowflake==2.3.0",
    "apache-airflow-providers-ssh==2.3.0",
    "astro-sdk-python==1.8.1",
    "astronomer-cosmos==1.3.2",
    "openlineage-airflow==1.4.1",
)
TREE = Path(tempfile.gettempdir()) / "vocab-lint-benchmarks" / "airflow3"
RULES = "AIR301,AIR302"
TARGET_RATIO, TARGET_RECALL, TARGET_FALSE = 10.0, 0.98, 0.02
CODE_CONTEXTS = {"identifier", "attribute", "import", "keyword"}
# The floor: CPython's parser alone over every file, in one process.
_FLOOR = """\
import ast, pathlib, sys
for path in pathlib.Path(sys.argv[1]).rglob("*.py"):
    try:
        ast.parse(path.read_bytes())
    except (SyntaxError, ValueError):
        pass
"""


def _vocabulary() -> tuple[dict[str, tuple[str, ...]], set[str], set[str]]:
    """Qualified names and their replacements, the DAG keywords, the removed packages."""
    from lint.vocabulary.load import load_vocabulary

    vocabulary = load_vocabulary(VOCABULARY)
    names = {entry.name: entry.replacements for entry in vocabulary.retired if entry.parameter_of is None}
    keywords = {entry.parameter_of[1]: entry.replacements for entry in vocabulary.retired if entry.parameter_of}
    names.update(keywords)
    return names, set(keywords), {moved.old for moved in vocabulary.moved_modules if not moved.new}


class _Tree:
    """The corpus's modules, to tell a name's defining module and a vocabulary name."""

    def __init__(self, tree: Path) -> None:
        self.tree = tree
        self.modules = {self.module(path) for path in tree.rglob("*.py")}
        self.names, self.keywords, self.packages = _vocabulary()

    def module(self, path: Path) -> str:
        parts = path.relative_to(self.tree).with_suffix("").parts[1:]  # past the wheel's folder
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    def defines(self, path: Path, name: str) -> bool:
        """Whether `path` is the module that defines `name` (the longest module prefix of it)."""
        parts = name.split(".")
        prefixes = (".".join(parts[:end]) for end in range(len(parts), 0, -1))
        return next((prefix for prefix in prefixes if prefix in self.modules), "") == self.module(path)

    def ours(self, name: str) -> bool:
        return name in self.names or any(name == p or name.startswith(p + ".") for p in self.packages)


def _named(message: str) -> str:
    found = re.match(r"`([^`]*)`", message)
    return found.group(1) if found else ""


def _ruff_lines(tree: _Tree, flagged: list[dict[str, object]]) -> tuple[dict[tuple[str, int], str], int]:
    """Ruff's lines for the vocabulary's names outside their defining module, and how many it
    reports inside one."""
    lines: dict[tuple[str, int], str] = {}
    defining = 0
    for finding in flagged:
        name, path = _named(str(finding["message"])), Path(str(finding["filename"]))
        if not tree.ours(name):
            continue
        if tree.defines(path, name):
            defining += 1
            continue
        row = finding["location"]["row"]  # type: ignore[index]
        lines.setdefault((str(path.relative_to(tree.tree)), int(row)), name)
    return lines, defining


def _after_fix(tree: _Tree, ruff: str) -> tuple[int, int, int, list[str]]:
    """On a copy: files fixed, of them those that no longer compile, Ruff's findings left, and
    those for a name with one replacement outside its defining module (their names)."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "tree"
        shutil.copytree(tree.tree, copy)
        before = {path: path.read_bytes() for path in copy.rglob("*.py")}
        vocab_lint = shutil.which("vocab-lint") or "vocab-lint"
        subprocess.run([vocab_lint, "fix", ".", "--no-cache", "--vocab", str(VOCABULARY)], cwd=copy,
                       capture_output=True, check=False)  # fmt: skip
        fixed = [path for path, text in before.items() if path.read_bytes() != text]
        broken = 0
        for path in fixed:
            try:
                ast.parse(path.read_bytes())
            except SyntaxError:
                broken += 1
        done = subprocess.run([ruff, "check", "--isolated", "--no-cache", "--select", RULES, "--output-format", "json",
                               "."], cwd=copy, capture_output=True, text=True, check=False)  # fmt: skip
        left = json.loads(done.stdout)
        fixable = []
        for finding in left:
            name, path = _named(finding["message"]), Path(finding["filename"])
            if len(tree.names.get(name, ())) == 1 and not tree.defines(tree.tree / path.relative_to(copy), name):
                fixable.append(name)
        return len(fixed), broken, len(left), fixable


def section(repeats: int = 5) -> list[str]:
    """The benchmark's section of docs/benchmarks.md."""
    ruff = shutil.which("ruff")
    root = pypi(TREE, PACKAGES)
    files, size = size_of(root)
    vocab_lint = shutil.which("vocab-lint") or "vocab-lint"
    check = [vocab_lint, "check", ".", "--no-cache", "--vocab", str(VOCABULARY), "--output-format", "json"]
    ours, report = timed(check, root, repeats)
    floor, _ = timed([sys.executable, "-c", _FLOOR, "."], root, repeats)
    findings = json.loads(report)["findings"]
    lines = [
        "## A third-party major version: Airflow 3 beside Ruff",
        "",
        "apache-airflow 2.2.5, eleven provider wheels of its time and three packages built on it",
        f"({files} Python files, {size / 1e6:.0f} MB), cold, medians of several runs. vocab-lint uses",
        "`benchmarks/airflow3-vocab.yaml`, the names of Ruff's own AIR301/AIR302 tables written by",
        "`benchmarks/airflow3_tables.py` (moves to provider packages, removals, a removed package,",
        "the DAG's removed keyword arguments); Ruff runs those two rules. The floor is CPython's",
        "`ast.parse` of every file, on one core.",
        "",
        "| Tool | Median (s) | Findings | × Ruff |",
        "| --- | ---: | ---: | ---: |",
    ]
    if ruff is None:
        return [*lines, f"| vocab-lint | {ours:.2f} | {len(findings)} | — |", "", "Ruff is not installed."]
    theirs, ruff_report = timed([ruff, "check", "--isolated", "--no-cache", "--select", RULES,
                                  "--output-format", "json", "."], root, repeats)  # fmt: skip
    flagged = json.loads(ruff_report)
    tree = _Tree(root)
    ruff_lines, defining = _ruff_lines(tree, flagged)
    code = [f for f in findings if f["context"] in CODE_CONTEXTS]
    code_lines = {(f["path"], f["line"]) for f in code}
    extra = [f for f in code if (f["path"], f["line"]) not in ruff_lines]
    imports = sum(1 for f in extra if f["context"] == "import")
    unconfirmed = len(extra) - imports
    found = len(set(ruff_lines) & code_lines)
    recall, ratio = found / max(1, len(ruff_lines)), ours / theirs
    fixed, broken, left, fixable = _after_fix(tree, ruff)
    phases = profile(root, ["--no-cache", "--vocab", str(VOCABULARY)])
    missed = sorted({name for key, name in ruff_lines.items() if key not in code_lines})
    met = {True: "met", False: "**not met**"}
    return [
        *lines,
        f"| vocab-lint | {ours:.2f} | {len(findings)} | {ratio:.1f} |",
        f"| ruff {RULES} | {theirs:.2f} | {len(flagged)} | 1.0 |",
        f"| `ast.parse` floor | {floor:.2f} | — | {floor / theirs:.1f} |",
        "",
        f"Of the {len(ruff_lines)} lines Ruff reports for the vocabulary's names outside their defining module",
        f"({defining} findings inside one), vocab-lint reports {found} ({recall:.1%}; target {TARGET_RECALL:.0%}: "
        f"{met[recall >= TARGET_RECALL]})" + (f"; missed: {', '.join(f'`{n}`' for n in missed)}." if missed else "."),
        f"Of its {len(code)} code findings, {len(extra)} stand on lines Ruff does not report: {imports} import",
        "statements of a removed or moved name (Ruff reports the uses, not the import that fails first)",
        f"and {unconfirmed} others ({unconfirmed / max(1, len(code)):.1%} of code findings; target at most "
        f"{TARGET_FALSE:.0%}: {met[unconfirmed / max(1, len(code)) <= TARGET_FALSE]}). It also reports",
        f"{len(findings) - len(code)} mentions in docstrings, comments and strings, which Ruff does not read.",
        "",
        f"`vocab-lint fix` rewrote {fixed} files, {broken} of which no longer compile; Ruff then reports {left}",
        f"findings, {len(fixable)} of them for a name with a single replacement outside its defining module"
        + (":" if fixable else "."),
        *([", ".join(f"`{name}` ({fixable.count(name)})" for name in sorted(set(fixable)))] if fixable else []),
        "",
        f"Time: {ratio:.1f}× Ruff (target at most {TARGET_RATIO:.0f}×: {met[ratio <= TARGET_RATIO]}); the floor alone",
        f"is {floor / theirs:.1f}× Ruff"
        + (
            ": vocab-lint parses only the files whose imports may name an entry, one process per core."
            if ours < floor
            else "."
        ),
        "",
        "Where vocab-lint's time goes here (CPU seconds, `check --jobs 1` under cProfile, as in",
        '"Where the time goes"):',
        "",
        "| Phase | Seconds |",
        "| --- | ---: |",
        *[f"| {phase} | {seconds:.2f} |" for phase, seconds in phases.items()],
    ]


if __name__ == "__main__":
    print("\n".join(section()))
