"""Time vocab-lint against ripgrep, typos and Fixit on the same corpora, side by side.

Prints a table of medians, peak memory and ratios to `rg`, checks the speed targets, and
writes the table to docs/benchmarks.md and a chart to docs/assets/benchmark.png. Run it
with `benchmarks/run.sh` (which installs the peers) or directly:

    python benchmarks/bench.py --quick
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import REMOVED_NAMES, pypi, size_of, synthetic, worst_cases  # noqa: E402
from docstrings import section as docstrings_section  # noqa: E402
from editor import section as editor_section  # noqa: E402
from history import section as history_section  # noqa: E402
from notebooks import section as notebooks_section  # noqa: E402
from numpy2 import section as numpy2_section  # noqa: E402
from airflow3 import section as airflow3_section  # noqa: E402
from phases import section as phases_section  # noqa: E402
from rst import section as rst_section  # noqa: E402
from site_build import section as site_section  # noqa: E402
from precision import section as precision_section  # noqa: E402
from real_history import section as real_history_section  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# Outside the repository: its .gitignore and [tool.vocab-lint] settings must not apply.
CORPORA = Path(tempfile.gettempdir()) / "vocab-lint-benchmarks"


@dataclass
class Measure:
    """Wall times and peak memory of one command on one corpus."""

    tool: str
    corpus: str
    times: list[float] = field(default_factory=list)
    peak_kb: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def run_once(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak resident memory (KB) of one run, output discarded.

    GNU time measures the memory: a child forked from this (large) Python process would
    report the parent's pages as its own peak.
    """
    report = Path(tempfile.mkstemp(prefix="vocab-lint-bench-")[1])
    timed = ["/usr/bin/time", "-f", "%M", "-o", str(report), *command] if Path("/usr/bin/time").exists() else command
    started = time.perf_counter()
    completed = subprocess.run(timed, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    code = completed.returncode
    if code not in (0, 1, 2, 3) or (code == 2 and command[0].endswith("vocab-lint")):
        raise SystemExit(f"{' '.join(command[:4])} failed with exit code {code} in {cwd}")
    lines = report.read_text().split() if report.exists() else []
    report.unlink(missing_ok=True)
    peak = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    return elapsed, peak


def measure(tool: str, corpus: str, command: list[str], cwd: Path, repeats: int, env: dict[str, str]) -> Measure:
    result = Measure(tool, corpus)
    for _ in range(repeats):
        elapsed, peak = run_once(command, cwd, env)
        result.times.append(elapsed)
        result.peak_kb = max(result.peak_kb, peak)
    print(f"  {tool:<28} {corpus:<16} median {result.median:8.3f} s  peak {result.peak_kb / 1024:6.0f} MB", flush=True)
    return result


def tools(corpus_dir: Path, fixit: Path | None) -> dict[str, list[str]]:
    """The commands compared, each run from inside the corpus."""
    vocab_lint = shutil.which("vocab-lint") or "vocab-lint"
    check = [vocab_lint, "check", ".", "--format", "json"]
    commands = {
        "vocab-lint cold --jobs 1": [*check, "--no-cache", "--jobs", "1"],
        "vocab-lint cold --jobs 2": [*check, "--no-cache", "--jobs", "2"],
        "vocab-lint warm cache": check,
        "python read loop": [sys.executable, "-c", READ_LOOP],
        "python stat loop": [sys.executable, "-c", STAT_LOOP],
    }
    if shutil.which("rg"):
        pattern = "|".join(re.escape(name) for name in REMOVED_NAMES)
        commands["rg"] = ["rg", "--count", "--no-messages", "-e", pattern, "."]
    if shutil.which("typos"):
        config = corpus_dir.parent / "typos.toml"
        identifiers = [name for name in REMOVED_NAMES if name.isidentifier()]
        lines = ["[default.extend-identifiers]"] + [f'"{name}" = "{name}x"' for name in identifiers]
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        commands["typos"] = ["typos", "--config", str(config), "--format", "brief", "."]
    if fixit is not None:
        commands["fixit (one rule)"] = [str(fixit), "--rules", "fixit_rule", "lint", "."]
    return commands


READ_LOOP = (
    "import os\n"
    "for top, dirs, files in os.walk('.'):\n"
    "    for name in files:\n"
    "        if name.endswith(('.py', '.pyi', '.md', '.markdown', '.mdx')):\n"
    "            open(os.path.join(top, name), 'rb').read()\n"
)

# What a warm run must do at least: know that no file changed since the cache saw it.
STAT_LOOP = READ_LOOP.replace("open(os.path.join(top, name), 'rb').read()", "os.stat(os.path.join(top, name))")


def precommit_case(corpus_dir: Path, repeats: int, env: dict[str, str]) -> dict[str, float]:
    """`vocab-lint check` on five files, as pre-commit runs it: clean files, and one with a hit."""
    vocab_lint = shutil.which("vocab-lint") or "vocab-lint"
    python = sorted(corpus_dir.rglob("*.py"))
    stale = [p for p in python if "Throttle" in p.read_text() or "llm_wait" in p.read_text()]
    clean = [p for p in python if p not in stale][:5]
    mixed = [*clean[:4], stale[0]]
    out = {}
    for label, files in (("5 clean files", clean), ("4 clean + 1 with a hit", mixed)):
        names = [str(p.relative_to(corpus_dir)) for p in files]
        run_once([vocab_lint, "check", *names], corpus_dir, env)  # prime the cache as a hook would
        times = [run_once([vocab_lint, "check", *names], corpus_dir, env)[0] for _ in range(repeats)]
        out[label] = statistics.median(times)
        print(f"  pre-commit, {label:<24} median {out[label]:.3f} s", flush=True)
    return out


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"
    )


def table(results: list[Measure], corpora: dict[str, tuple[int, int]]) -> list[str]:
    lines = [
        "| Corpus | Files | MB | Tool | Median (s) | × rg | Peak MB |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for corpus, (files, size) in corpora.items():
        rg = next((m.median for m in results if m.corpus == corpus and m.tool == "rg"), None)
        for m in (m for m in results if m.corpus == corpus):
            ratio = f"{m.median / rg:.1f}" if rg else "—"
            lines.append(
                f"| {corpus} | {files} | {size / 1e6:.1f} | {m.tool} | {m.median:.3f} | {ratio} | {m.peak_kb / 1024:.0f} |"
            )
    return lines


def startup_time(repeats: int, env: dict[str, str]) -> float:
    """Median wall time of `vocab-lint check` on an empty folder (its vocabulary known to the
    cache, as on any run after the first): interpreter, imports, vocabulary and engine."""
    vocab_lint = shutil.which("vocab-lint") or "vocab-lint"
    with tempfile.TemporaryDirectory() as empty:
        run_once([vocab_lint, "check", "-q", "."], Path(empty), env)
        command = [vocab_lint, "check", "-q", "."]
        return statistics.median(run_once(command, Path(empty), env)[0] for _ in range(repeats))


def interpreter_time(repeats: int, env: dict[str, str]) -> float:
    """Median wall time of a bare interpreter (`python -c pass`): the loops pay it too."""
    with tempfile.TemporaryDirectory() as empty:
        return statistics.median(run_once([sys.executable, "-c", "pass"], Path(empty), env)[0] for _ in range(repeats))


def targets(
    results: list[Measure],
    precommit: dict[str, float],
    clean: str,
    repository: str,
    largest: str,
    startup: float,
    interpreter: float,
    real_repository: dict[str, float],
) -> list[str]:
    """The targets table. Where a floor applies, it is what any run must spend before its
    work (start-up, and over a bare interpreter's start, the Python read loop over the same
    files for a cold run, the stat loop for a warm one): a limit below the floor cannot be
    met by work on the scan itself."""

    def get(corpus: str, tool: str) -> float | None:
        return next((m.median for m in results if m.corpus == corpus and m.tool == tool), None)

    checks: list[tuple[str, float | None, float | None, str, float | None]] = []
    rg_clean, rg_repo = get(clean, "rg"), get(repository, "rg")
    cold_clean = get(clean, "vocab-lint cold --jobs 2")
    cold_repo = get(repository, "vocab-lint cold --jobs 2")
    read_clean = get(clean, "python read loop")
    floor_clean = startup + read_clean - interpreter if read_clean is not None else None
    checks.append(("clean tree: cold ≤ 4× rg", cold_clean, rg_clean and rg_clean * 4, "s", floor_clean))
    typos_repo, fixit_repo = get(repository, "typos"), get(repository, "fixit (one rule)")
    real, real_typos = real_repository.get("vocab-lint"), real_repository.get("typos")
    checks.append(("real repository (NumPy 2 rename): cold ≤ 5× typos", real, real_typos and real_typos * 5, "s", None))
    checks.append(("synthetic repository: cold ≤ 5× typos", cold_repo, typos_repo and typos_repo * 5, "s", None))
    checks.append(("repository: ≥ 20× faster than Fixit", cold_repo, fixit_repo and fixit_repo / 20, "s", None))
    warm = get(repository, "vocab-lint warm cache")
    stat_repo = get(repository, "python stat loop")
    floor_warm = startup + stat_repo - interpreter if stat_repo is not None else startup
    checks.append(("warm cache ≤ 2× rg (repository)", warm, rg_repo and rg_repo * 2, "s", floor_warm))
    checks.append(("pre-commit, 5 clean files < 0.15 s", precommit.get("5 clean files"), 0.15, "s", startup))
    peak = max(
        (m.peak_kb / 1024 for m in results if m.corpus == largest and m.tool.startswith("vocab-lint")), default=None
    )
    checks.append(("peak memory < 150 MB on the largest corpus", peak, 150.0, "MB", None))
    lines = [
        f"Start-up (`check` on an empty folder): {startup:.3f} s; a bare interpreter: {interpreter:.3f} s. Floor:",
        "start-up, plus what a run must do past an interpreter's start: the Python read loop over",
        "the same files for a cold run, the stat loop (`os.stat` of each file) for a warm one.",
        "",
        "| Target | Measured | Limit | Floor | Met |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name, value, limit, unit, floor in checks:
        if value is None or not limit:
            lines.append(f"| {name} | — | — | — | not measured |")
            continue
        shown_floor = f"{floor:.3f} {unit}" if floor is not None else "—"
        met = "yes" if value <= limit else "**no**"
        if value > limit and floor is not None and floor > limit:
            met = "**no**: the limit is below the floor"
        lines.append(f"| {name} | {value:.3f} {unit} | {limit:.3f} {unit} | {shown_floor} | {met} |")
    return lines


def chart(results: list[Measure], corpora: list[str], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tool_names = sorted({m.tool for m in results})
    figure, axes = plt.subplots(figsize=(10, 5))
    width = 0.8 / len(tool_names)
    for offset, tool in enumerate(tool_names):
        values = [next((m.median for m in results if m.corpus == c and m.tool == tool), 0.0) for c in corpora]
        axes.bar([i + offset * width for i in range(len(corpora))], values, width, label=tool)
    axes.set_xticks([i + 0.4 - width / 2 for i in range(len(corpora))], corpora)
    axes.set_yscale("log")
    axes.set_ylabel("median wall time (s, log scale)")
    axes.set_title("vocab-lint and its peers on the same files")
    axes.legend(fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)


# The parser the scanner needs for a file, alone: its time (printed) and peak memory are the
# floor of any scan of that file. A Python file's outline is CPython's tree (LibCST reads
# only the statements that are not plain: none in these files); past the parse limit,
# Python is read by the tokenizer.
_PARSER_ALONE = """
import ast, io, sys, time
path, parser = sys.argv[1], sys.argv[2]
if parser == "markdown":
    from lint.formats.markdown.scanner import markdown_parser
    parse = markdown_parser(False).parse
elif parser == "ast":
    parse = ast.parse
else:
    import tokenize
    def parse(text): return list(tokenize.generate_tokens(io.StringIO(text).readline))
text = open(path, encoding="utf-8").read()
started = time.perf_counter()
parse(text)
print(time.perf_counter() - started)
"""


def _parser_alone(path: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak MB (over the same interpreter's imports) of the file's parser alone."""
    from lint.formats.python.limits import MAX_PARSED_CHARS

    kind = "markdown" if path.suffix == ".md" else "ast" if path.stat().st_size <= MAX_PARSED_CHARS else "tokens"
    command = [sys.executable, "-c", _PARSER_ALONE, str(path), kind]
    with tempfile.NamedTemporaryFile(suffix=path.suffix) as empty:
        _, base_kb = run_once([sys.executable, "-c", _PARSER_ALONE, empty.name, kind], path.parent, env)
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    _, peak_kb = run_once(command, path.parent, env)
    return float(done.stdout.strip()), (peak_kb - base_kb) / 1e3


def worst_case_section(root: Path, repeats: int, env: dict[str, str]) -> list[str]:
    """Throughput and peak memory on the densest inputs, one file each, cold (--no-cache)."""
    lines = [
        "## Worst cases",
        "",
        "One file each, every line holding an old name, `--no-cache --output-format json` to a file;",
        "targets: at least 1 MB/s for Python and 2 MB/s for Markdown, peak memory under 10x the file",
        "size above the interpreter's own (the `--version` run). *Parser alone* is the parser the scan",
        "needs for that file (markdown-it-py as the scanner configures it; CPython's `ast`, whose tree",
        "outlines a Python file and places its plain statements, LibCST reading only the others, none",
        "here; past the parse limit Python's tokenizer) run by itself in a fresh interpreter: its time",
        "and memory over its imports are a floor for any scan built on it.",
        "",
        "| Input | MB | Median (s) | MB/s | Peak (MB) | Over start-up (MB) | Findings | Parser alone (s) "
        "| Parser MB/s | Parser memory (MB) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    vocab_lint = shutil.which("vocab-lint") or "vocab-lint"
    _, baseline_kb = run_once([vocab_lint, "--version"], root, env)
    for name, path in worst_cases(root / "worst").items():
        command = [
            vocab_lint,
            "check",
            "--no-cache",
            "--output-format",
            "json",
            "-o",
            str(root / "worst.json"),
            path.name,
        ]
        measured = measure("vocab-lint", name, command, path.parent, repeats, env)
        findings = len(json.loads((root / "worst.json").read_text(encoding="utf-8"))["findings"])
        size = path.stat().st_size / 1e6
        over = (measured.peak_kb - baseline_kb) / 1e3
        parse_seconds, parse_mb = _parser_alone(path, env)
        lines.append(
            f"| {name} | {size:.1f} | {measured.median:.2f} | {size / measured.median:.2f} | "
            f"{measured.peak_kb / 1e3:.0f} | {over:.0f} | {findings} | {parse_seconds:.2f} | "
            f"{size / parse_seconds:.2f} | {parse_mb:.0f} |"
        )
    return lines


def splice(document: Path, section: list[str]) -> None:
    """Put `section` into `document`, replacing the section of the same heading."""
    text = document.read_text(encoding="utf-8") if document.exists() else "# Benchmarks\n"
    heading = section[0]
    if heading in text:
        before, _, after = text.partition(heading)
        rest = after.split("\n## ", 1)
        text = before + "\n".join(section) + ("\n\n## " + rest[1] if len(rest) > 1 else "\n")
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(section) + "\n"
    document.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one small corpus, three repeats (a smoke run)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000,50000", help="synthetic corpus sizes (files)")
    parser.add_argument("--density", type=float, default=0.1, help="share of files with a stale term")
    parser.add_argument("--fixit", type=Path, help="the fixit executable (in its own venv: it needs click < 8.2)")
    parser.add_argument("--fixit-max-mb", type=float, default=10.0, help="skip Fixit on larger corpora")
    parser.add_argument("--no-pypi", action="store_true", help="skip the django + sympy corpus")
    parser.add_argument("--corpora", type=Path, default=CORPORA, help="where the corpora are prepared")
    parser.add_argument("--docs", type=Path, default=REPO / "docs", help="where benchmarks.md and the chart go")
    parser.add_argument(
        "--worst-only",
        action="store_true",
        help="only worst cases, precision, editor, history, site build, notebooks, reST, docstrings,"
        " NumPy 2 and phases",
    )
    args = parser.parse_args(argv)
    repeats = 3 if args.quick else args.repeats
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(HERE)}
    args.corpora.mkdir(parents=True, exist_ok=True)
    worst = worst_case_section(args.corpora, repeats, env)
    precision = precision_section()
    editor = editor_section()
    history = history_section()
    real_history = real_history_section()  # empty unless clones of the two repositories are named
    site_build = site_section()
    notebooks = notebooks_section(repeats)
    rst = rst_section(repeats)
    docstrings = docstrings_section(repeats)
    real_repository: dict[str, float] = {}
    numpy2 = numpy2_section(repeats, real_repository)
    airflow3 = airflow3_section(repeats)
    if args.worst_only:
        parts = (worst, precision, editor, history, real_history, site_build, notebooks, rst, docstrings, numpy2,
                 airflow3, phases_section())  # fmt: skip
        for part in filter(None, parts):
            splice(args.docs / "benchmarks.md", part)
            print("\n".join(part))
        return 0
    sizes = [1000] if args.quick else [int(s) for s in args.sizes.split(",")]

    root = args.corpora
    root.mkdir(parents=True, exist_ok=True)
    trees: dict[str, Path] = {}
    for size in sizes:
        trees[f"synthetic-{size // 1000}k"] = synthetic(root / f"synthetic-{size}", size, args.density)
    markdown_files = 500 if args.quick else 5000
    trees[f"markdown-{markdown_files}"] = synthetic(
        root / f"markdown-{markdown_files}", markdown_files, args.density, markdown_share=1.0
    )
    # The same pages written as Fern MDX (components, an import, a comment): MDX must cost no more.
    trees[f"mdx-{markdown_files}"] = synthetic(
        root / f"mdx-{markdown_files}", markdown_files, args.density, markdown_share=1.0, mdx=True
    )
    if not args.no_pypi and not args.quick:
        trees["pypi-clean"] = pypi(root / "pypi")
    corpora = {name: size_of(tree) for name, tree in trees.items()}

    results: list[Measure] = []
    for name, tree in trees.items():
        print(f"{name}: {corpora[name][0]} files, {corpora[name][1] / 1e6:.1f} MB", flush=True)
        subprocess.run(
            [shutil.which("vocab-lint") or "vocab-lint", "clean"], cwd=tree, stdout=subprocess.DEVNULL, check=False
        )
        has_python = any(tree.rglob("*.py"))
        fixit = args.fixit if args.fixit and has_python and corpora[name][1] / 1e6 <= args.fixit_max_mb else None
        for tool, command in tools(tree, fixit).items():
            if tool == "vocab-lint warm cache":
                run_once(command, tree, env)
            results.append(measure(tool, name, command, tree, 1 if tool.startswith("fixit") else repeats, env))
    first = next(iter(trees.values()))
    precommit = precommit_case(first, repeats, env)

    synthetic_names = [n for n in trees if n.startswith("synthetic")]
    repository = "synthetic-10k" if "synthetic-10k" in trees else synthetic_names[0]
    clean = "pypi-clean" if "pypi-clean" in trees else repository
    largest = max(corpora, key=lambda n: corpora[n][1])
    lines = [
        "# Benchmarks",
        "",
        "<!-- Generated by benchmarks/bench.py; do not edit by hand. -->",
        "",
        f"Measured on {machine()}, {time.strftime('%Y-%m-%d')}; medians of {repeats} runs (Fixit: one run),",
        "the same files for every tool, wall time including interpreter start. `rg` searches the removed",
        "names of the default vocabulary as one alternation; typos is configured to flag the same names;",
        "the Fixit rule reports them as identifiers. vocab-lint applies the whole default vocabulary.",
        "",
        "Reproduce with `benchmarks/run.sh` (or `benchmarks/run.sh --quick` for a smoke run).",
        "",
        "![Median wall time per corpus and tool](assets/benchmark.png)",
        "",
        *table(results, corpora),
        "",
        "## The pre-commit case",
        "",
        "| Files | Median (s) |",
        "| --- | ---: |",
        *[f"| {label} | {value:.3f} |" for label, value in precommit.items()],
        "",
        "## Targets",
        "",
        *targets(
            results,
            precommit,
            clean,
            repository,
            largest,
            startup_time(repeats, env),
            interpreter_time(repeats, env),
            real_repository,
        ),
        "",
        *worst,
        "",
        *precision,
        "",
        *editor,
        "",
        *history,
        "",
        *([*real_history, ""] if real_history else []),
        *site_build,
        "",
        *notebooks,
        "",
        *rst,
        "",
        *docstrings,
        "",
        *numpy2,
        "",
        *airflow3,
        "",
        *phases_section(),
        "",
    ]
    (args.docs / "assets").mkdir(parents=True, exist_ok=True)
    (args.docs / "benchmarks.md").write_text("\n".join(lines), encoding="utf-8")
    chart(results, list(trees), args.docs / "assets" / "benchmark.png")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
