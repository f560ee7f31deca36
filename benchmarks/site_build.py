"""What the glossary plugin and the term-linking extension add to a MkDocs build.

Generates a Material site of 200 pages written in the default vocabulary's terms, builds
it with and without `vocab-glossary` + `lint.markdown_extension`, and compares the median
build times against the 1.2x target. Run:

    python benchmarks/site_build.py
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAGES = 200
TARGET_RATIO = 1.2
CODE = Path(__file__).resolve().parents[1]
SITE = Path(tempfile.gettempdir()) / "vocab-lint-benchmarks" / "site"
# One sentence in three names a term, as in a real guide (the project's own docs: about one in four).
SENTENCES = [
    "Request admission bounds provider calls while task admission bounds scheduler work.",
    "The record window groups records into row groups; row-group admission opens them.",
    "The static provider cap stays fixed and the adaptive request-domain limit moves under it.",
    "A transport pool sizes sockets for the calls the provider accepts.",
    *[f"Plain sentence {n} about the dataset, the columns, the seeds and the generators." for n in range(8)],
]
PLAIN = """site_name: bench
theme:
  name: material
markdown_extensions:
  - admonition
  - tables
"""
WITH_GLOSSARY = (
    PLAIN
    + f"""plugins:
  - search
  - vocab-glossary:
      vocabulary: {CODE / "vocab.yaml"}
validation:
  links:
    absolute_links: relative_to_docs
"""
)
LINKS = f"""  - lint.markdown_extension:
      vocabulary: {CODE / "vocab.yaml"}
"""


def build_site(folder: Path = SITE) -> Path:
    """The 200 pages, written once."""
    docs = folder / "docs"
    if docs.is_dir() and len(list(docs.glob("*.md"))) >= PAGES:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    docs.mkdir(parents=True)
    rng = random.Random(5)
    for index in range(PAGES):
        paragraphs = ["\n".join(rng.choice(SENTENCES) for _ in range(6)) for _ in range(8)]
        (docs / f"page{index:03d}.md").write_text(f"# Page {index}\n\n" + "\n\n".join(paragraphs) + "\n")
    (docs / "index.md").write_text("# Home\n\nThe capacity guide.\n")
    return folder


def build_time(config: str) -> float:
    """Seconds for one `mkdocs build` of the site with `config` as its mkdocs.yml."""
    folder = build_site()
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(CODE)}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(folder / "out")],
        cwd=folder, check=True, env=env, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - started


def section(pairs: int = 7) -> list[str]:
    """The benchmark page's section on the site build.

    Builds alternate (without, with) so that both see the same machine load; the ratio is
    the median of the pairs' ratios.
    """
    with_glossary = WITH_GLOSSARY + "markdown_extensions:\n  - admonition\n  - tables\n" + LINKS
    build_time(with_glossary)  # warm-up: the quick vocabulary load marks the vocabulary valid
    measured = [(build_time(PLAIN + "plugins:\n  - search\n"), build_time(with_glossary)) for _ in range(pairs)]
    plain = statistics.median(a for a, _ in measured)
    glossary = statistics.median(b for _, b in measured)
    ratio = statistics.median(b / a for a, b in measured)
    met = "yes" if ratio <= TARGET_RATIO else "**no**"
    return [
        "## Site build",
        "",
        f"A Material site of {PAGES} pages (one sentence in three names a term), built with and without",
        f"the `vocab-glossary` plugin and the term-linking extension ({pairs} alternating pairs, medians).",
        "",
        "| Build | Median (s) |",
        "| --- | ---: |",
        f"| without the glossary | {plain:.2f} |",
        f"| with the glossary and term links | {glossary:.2f} |",
        "",
        f"Ratio {ratio:.2f} (target ≤ {TARGET_RATIO}): met: {met}.",
    ]


if __name__ == "__main__":
    print("\n".join(section()))
