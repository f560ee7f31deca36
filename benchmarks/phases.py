"""Where the time goes: a per-phase CPU profile of `vocab-lint check --jobs 1` on each corpus.

Each case runs in a fresh interpreter under cProfile; the cumulative time of the functions
that own a phase is summed (chosen so that no phase holds another); start-up is the wall
time of `check` on an empty folder. Run:

    python benchmarks/phases.py [corpus folder ...]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPORA = Path(tempfile.gettempdir()) / "vocab-lint-benchmarks"
NUMPY2_VOCABULARY = Path(__file__).resolve().parents[1] / "tests" / "data" / "numpy2" / "vocab.yaml"

# phase: (module path suffix, function name) pairs whose cumulative times make the phase;
# Markdown's matching runs inside its page scan, so its parse is markdown-it's own.
PHASES: dict[str, list[tuple[str, str]]] = {
    "walk": [("lint/files/discovery.py", "discover")],
    "read": [("lint/files/textfile.py", "read_regular"), ("lint/files/textfile.py", "decode")],
    "prefilter": [("lint/engine/prefilter.py", "may_match"), ("lint/engine/prefilter.py", "may_match_ascii")],
    "second filter": [
        ("lint/engine/engine.py", "code_may_have_findings"),
        ("lint/engine/engine.py", "docs_may_have_findings"),
        ("lint/engine/qualified.py", "candidate_offsets"),
    ],
    "parse": [
        ("lint/formats/python/scanner.py", "python_outline"),
        ("lint/formats/python/nodes.py", "chunk_nodes"),
        ("lint/formats/python/qualified.py", "resolve_references"),
        ("markdown_it/main.py", "parse"),
    ],
    "match": [("lint/scan/segments.py", "segment_findings"), ("lint/engine/engine.py", "conflation_hits")],
    "suppressions": [("lint/formats/python/scanner.py", "apply_python_suppressions")],
    "report": [("lint/report/reporters.py", "write_json")],
    "cache": [("lint/cache.py", "lookup"), ("lint/cache.py", "digests"), ("lint/cache.py", "store")],
}

_PROFILE = r"""
import cProfile, json, pstats, sys
from lint.cli import main
profile = cProfile.Profile()
profile.enable()
try:
    main(sys.argv[2:])
except SystemExit:
    pass
profile.disable()
stats = pstats.Stats(profile).stats
json.dump({"total": sum(row[2] for row in stats.values()),
           "functions": [[key[0], key[2], row[3]] for key, row in stats.items()]}, open(sys.argv[1], "w"))
"""


def profile(corpus: Path, extra: list[str]) -> dict[str, float]:
    """Seconds per phase for one corpus (`extra`: more `check` arguments)."""
    out = Path(tempfile.mkstemp(suffix=".json")[1])
    command = [sys.executable, "-c", _PROFILE, str(out), "check", ".", "--jobs", "1", "--format", "json", *extra]
    subprocess.run(command, cwd=corpus, stdout=subprocess.DEVNULL, check=False)
    data = json.loads(out.read_text())
    out.unlink()
    phases = {"start-up and imports": startup()}
    for phase, owners in PHASES.items():
        phases[phase] = sum(
            seconds
            for file, name, seconds in data["functions"]
            if any(file.endswith(suffix) and name == function for suffix, function in owners)
        )
    phases["everything (profiled)"] = data["total"]
    return phases


def startup() -> float:
    """Wall seconds of `check` on an empty folder: the interpreter, imports and the vocabulary."""
    with tempfile.TemporaryDirectory() as empty:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "lint", "check", ".", "--no-cache", "-q"], cwd=empty, check=False)
        return time.perf_counter() - started


def cases() -> dict[str, tuple[Path, list[str]]]:
    """The corpora of the speed benchmark that exist, cold and warm."""
    found = {}
    for name, folder, extra in (
        ("clean tree, cold", "pypi", ["--no-cache"]),
        ("clean tree, warm", "pypi", []),
        ("synthetic mid-rename, cold", "synthetic-10000", ["--no-cache"]),
        ("Markdown pages, cold", "markdown-5000", ["--no-cache"]),
        ("NumPy 2 rename, cold", "numpy2", ["--no-cache", "--vocab", str(NUMPY2_VOCABULARY)]),
    ):
        if (CORPORA / folder).is_dir():
            found[name] = (CORPORA / folder, extra)
    return found


def section() -> list[str]:
    """The section of docs/benchmarks.md: one column per case, CPU seconds per phase."""
    measured = {}
    for name, (corpus, extra) in cases().items():
        if "warm" in name:
            profile(corpus, extra)  # fill the cache first
        measured[name] = profile(corpus, extra)
    if not measured:
        return ["## Where the time goes", "", "No corpus prepared: run `benchmarks/run.sh` first."]
    names = list(measured)
    phases = list(next(iter(measured.values())))
    lines = [
        "## Where the time goes",
        "",
        "CPU seconds per phase, `check --jobs 1` under cProfile (so the absolute numbers are",
        "inflated by the profiler's overhead; the shares are what matter). Start-up is the wall",
        "time of `check` on an empty folder (interpreter, imports, vocabulary), without the profiler.",
        "",
        "| Phase | " + " | ".join(names) + " |",
        "| --- |" + " ---: |" * len(names),
    ]
    for phase in phases:
        lines.append(f"| {phase} | " + " | ".join(f"{measured[n][phase]:.2f}" for n in names) + " |")
    return lines


if __name__ == "__main__":
    print("\n".join(section()))
