"""Benchmark corpora: synthetic trees with a chosen density of vocabulary hits, and real code.

The synthetic generator is deterministic (seeded): the same arguments write the same
files, so runs on different machines compare like with like.
"""

from __future__ import annotations

import itertools
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

CLEAN_WORDS = [
    "record",
    "window",
    "row",
    "group",
    "task",
    "admission",
    "request",
    "admission",
    "static",
    "provider",
    "cap",
    "transport",
    "pool",
    "scheduler",
    "queue",
    "lease",
    "domain",
    "batch",
    "column",
    "generator",
    "dataset",
    "builder",
    "checkpoint",
    "config",
    "value",
    "source",
    "result",
    "pending",
    "ready",
    "worker",
    "buffer",
    "model",
    "client",
    "retry",
    "timeout",
    "metric",
    "trace",
    "span",
]
STALE_PYTHON = [
    "manager = ThrottleManager(limit)\n",
    "self._throttle_manager = _create_throttle_manager()\n",
    "if task.is_llm_bound and self.holds_llm_wait < max_llm_wait_tasks:\n    pass\n",
    'resources = {"llm_wait": 4}\n',
    "from data_designer.engine.models.clients.request_admission import RequestDomain\n",
    "config = RunConfig(buffer_size=100, throttle=ThrottleConfig())\n",
]
STALE_MARKDOWN = [
    "The throttle manager hands out permits per ThrottleDomain.\n",
    "Requests are throttled when the provider answers 429.\n",
    "Raise `buffer_size` to increase request concurrency.\n",
    "The rate limiter backs off; see `TaskAdmissionConfig`.\n",
]
REMOVED_NAMES = [
    "ThrottleManager", "ThrottleDomain", "ThrottledModelClient", "throttled_model_client", "throttle_manager.py",
    "SchedulingHint", "SchedulingHintResolver", "_model_aliases_for_generator", "is_llm_bound", "needs_llm_wait",
    "held_llm_wait", "max_llm_wait_tasks", "_submission_semaphore", "_llm_wait_semaphore", "get_semaphore_permits",
    "TrackingSemaphore",
]  # fmt: skip


def _python_file(rng: random.Random, stale: bool) -> str:
    lines = ['"""Module of the engine."""\n', "\n", "from __future__ import annotations\n", "\n"]
    for index in range(rng.randint(3, 7)):
        words = rng.sample(CLEAN_WORDS, 3)
        name = "_".join(words[:2])
        lines.append(f"\ndef {name}_{index}(value: int, *, {words[2]}: int = 1) -> int:\n")
        lines.append(f'    """Compute the {" ".join(words)} of a value."""\n')
        lines.append(f"    # {' '.join(rng.sample(CLEAN_WORDS, 5))}\n")
        lines.append(f"    return value * {words[2]} + {index}\n")
    if stale:
        lines.insert(4, rng.choice(STALE_PYTHON))  # at module level, after the imports: still valid Python
    return "".join(lines)


def _markdown_file(rng: random.Random, stale: bool) -> str:
    lines = [f"# {' '.join(rng.sample(CLEAN_WORDS, 3)).capitalize()}\n", "\n"]
    for _ in range(rng.randint(3, 6)):
        lines.append(" ".join(rng.sample(CLEAN_WORDS, 12)).capitalize() + ".\n\n")
    if rng.random() < 0.3:
        lines.append("```python\nvalue = compute(1)\n```\n\n")
    if stale:
        lines.insert(rng.randint(2, len(lines)), rng.choice(STALE_MARKDOWN) + "\n")
    return "".join(lines)


def _mdx_file(rng: random.Random, stale: bool) -> str:
    """The same page as `_markdown_file` (same random draws) written the way Fern pages are."""
    page = _markdown_file(rng, stale)
    head, _, body = page.partition("\n\n")
    return (
        'import { Note } from "@/components/note";\n\n'
        f'{head}\n\n<Note title="Read first">\n{body}</Note>\n\n{{/* generated page */}}\n'
    )


def synthetic(
    target: Path, files: int, density: float, *, seed: int = 7, markdown_share: float = 0.3, mdx: bool = False
) -> Path:
    """Write `files` files (Python and Markdown, or MDX) of which a `density` share hold a stale term."""
    if target.is_dir() and (target / ".complete").is_file():
        return target
    shutil.rmtree(target, ignore_errors=True)
    rng = random.Random(seed)
    for index in range(files):
        folder = target / f"pkg{index // 200:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        stale = rng.random() < density
        if rng.random() < markdown_share:
            page = _mdx_file(rng, stale) if mdx else _markdown_file(rng, stale)
            (folder / f"page{index:05d}.{'mdx' if mdx else 'md'}").write_text(page, encoding="utf-8")
        else:
            (folder / f"module{index:05d}.py").write_text(_python_file(rng, stale), encoding="utf-8")
    (target / ".complete").touch()
    return target


def pypi(target: Path, packages: tuple[str, ...] = ("django", "sympy")) -> Path:
    """Real code: the wheels of large PyPI packages, unpacked (their Python files only)."""
    if target.is_dir() and (target / ".complete").is_file():
        return target
    shutil.rmtree(target, ignore_errors=True)
    downloads = target.parent / f"{target.name}-wheels"
    downloads.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "-d",
            str(downloads),
            *packages,
        ],
        check=True,
    )
    for wheel in sorted(downloads.glob("*.whl")):
        with zipfile.ZipFile(wheel) as archive:
            for member in archive.namelist():
                if member.endswith((".py", ".md")):
                    archive.extract(member, target / wheel.name.split("-")[0])
    (target / ".complete").touch()
    return target


def size_of(tree: Path) -> tuple[int, int]:
    """(files, bytes) of the Python and Markdown files of a tree."""
    files = [p for p in tree.rglob("*") if p.suffix in (".py", ".md", ".mdx") and p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


WORST_CASES = {
    # name: (file name, one line, size in bytes) -- every line holds an old name. Each copy of
    # the line carries its own number, as the lines of a real file differ: a scanner's
    # memos of repeated text (LibCST chunks, short texts' candidates) cannot help.
    "Python, every line stale (1 MB)": ("stale-lines.py", "x{n} = ThrottleManager({n})  # throttle\n", 1_000_000),
    "Python past the parse limit (5 MB, token by token)": (
        "stale-huge.py",
        "x{n} = ThrottleManager({n})  # throttle\n",
        5_000_000,
    ),
    "Markdown list, every item stale (1 MB)": (
        "stale-list.md",
        "- The ThrottleManager is throttled in step {n}.\n",
        1_000_000,
    ),
    "Markdown, one 200 KB paragraph": ("stale-paragraph.md", "The ThrottleManager throttles call {n}. ", 200_000),
    "Markdown, one 5 MB line": ("stale-line.md", "the ThrottleManager throttles {n} ", 5_000_000),
}


def _numbered(line: str, size: int) -> str:
    """Copies of `line`, the n-th with `{n}` replaced by n, up to `size` characters."""
    parts: list[str] = []
    total = 0
    for number in itertools.count():
        part = line.replace("{n}", str(number))
        if total + len(part) > size:
            break
        parts.append(part)
        total += len(part)
    return "".join(parts) + ("" if line.endswith("\n") else "\n")


def worst_cases(target: Path) -> dict[str, Path]:
    """One file per worst case of scanning cost (issue: linear time on any input)."""
    target.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, (file_name, line, size) in WORST_CASES.items():
        path = target / file_name
        if not path.exists():
            path.write_text(_numbered(line, size), encoding="utf-8")
        files[name] = path
    return files
