"""`vocab-lint vocab suggest` on two real renames, scored against their own lists.

- NVIDIA-NeMo/DataDesigner, `--since a83968f7` (its capacity rename, a uv workspace of
  `packages/*/src` distributions): the names and modules its plan's stale-term searches
  list (`plans/645/migration-and-cleanup.md`).
- pallets/flask, `--since 2.2.5 --until 3.0.0` (a major version, `src/` layout): the
  removals its release notes (CHANGES.rst, 2.3.0 and 3.0.0) name.

Each draft is made with an empty vocabulary, as `init --since` would, and a listed name
counts as found when an entry of the same words stands in the draft (one entry matches
every spelling). Needs clones of the two repositories (only package registries are
reachable from the benchmark machine): set VOCAB_LINT_DATADESIGNER and VOCAB_LINT_FLASK
to their paths. Run:

    VOCAB_LINT_DATADESIGNER=~/src/DataDesigner VOCAB_LINT_FLASK=~/src/flask python benchmarks/real_history.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CODE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CODE))
from lint.text.words import word_tuple  # noqa: E402

TARGET_S = 20.0
TARGET_ENTRIES = 200


@dataclass(frozen=True)
class Case:
    """One real rename and the names its maintainers list."""

    title: str
    variable: str
    revisions: tuple[str, ...]
    names: tuple[str, ...]
    modules: tuple[str, ...]
    unreachable: str  # why the listed names a draft cannot find are out of its reach


CASES = (
    Case(
        "DataDesigner, the capacity rename",
        "VOCAB_LINT_DATADESIGNER",
        ("--since", "a83968f7"),
        ("SchedulingHintResolver", "SchedulingHint", "_model_aliases_for_generator", "is_llm_bound",
         "ThrottleManager", "ThrottleDomain", "ThrottleConfig", "ThrottledModelClient", "_submission_semaphore",
         "_llm_wait_semaphore", "get_semaphore_permits", "TrackingSemaphore", "needs_llm_wait", "held_llm_wait",
         "max_llm_wait_tasks"),
        ("dataset_builders.utils.task_model", "dataset_builders.utils.completion_tracker",
         "dataset_builders.utils.task_scheduling", "dataset_builders.utils.fair_task_queue",
         "dataset_builders.utils.task_admission"),
        "ThrottleConfig is still defined (the deprecated shim keeps it); needs_llm_wait and held_llm_wait,"
        " and the task_scheduling and task_admission modules, are in no Python file of that history",
    ),
    Case(
        "Flask 2.2.5 to 3.0.0",
        "VOCAB_LINT_FLASK",
        ("--since", "2.2.5", "--until", "3.0.0"),
        ("_app_ctx_stack", "_request_ctx_stack", "env", "session_cookie_name", "send_file_max_age_default",
         "use_x_sendfile", "propagate_exceptions", "templates_auto_reload", "before_first_request",
         "before_app_first_request", "json_encoder", "json_decoder", "JSONEncoder", "JSONDecoder",
         "htmlsafe_dumps", "htmlsafe_dump", "got_first_request", "locked_cached_property", "signals_available",
         "FLASK_ENV", "ENV", "JSON_AS_ASCII", "JSON_SORT_KEYS", "JSONIFY_MIMETYPE", "JSONIFY_PRETTYPRINT_REGULAR",
         "escape", "Markup"),
        ("flask.scaffold",),
        "env is a plain word (never drafted); the six configuration keys are strings, not definitions;"
        " escape and Markup were re-exports of markupsafe, which still defines them",
    ),
)  # fmt: skip


def _draft(clone: Path, case: Case, repeats: int) -> tuple[float, dict[str, object]]:
    empty = Path(tempfile.mkdtemp()) / "vocab.yaml"
    empty.write_text("version: 1\nname: empty\nterms: []\n", encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "lint",
        "vocab",
        "suggest",
        *case.revisions,
        "--format",
        "json",
        "--vocab",
        str(empty),
    ]
    times, output = [], ""
    for _ in range(repeats):
        started = time.perf_counter()
        done = subprocess.run(
            command, cwd=clone, capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(CODE)}
        )
        times.append(time.perf_counter() - started)
        output = done.stdout
    return statistics.median(times), json.loads(output)


def _row(case: Case, repeats: int) -> tuple[str, str] | None:
    folder = os.environ.get(case.variable)
    if not folder:
        return None
    median, draft = _draft(Path(folder), case, repeats)
    removed: list[dict[str, str]] = draft["removed"]  # type: ignore[assignment]
    moved: list[dict[str, str]] = draft["moved_modules"]  # type: ignore[assignment]
    drafted = {word_tuple(entry["name"]) for entry in removed}
    names = sum(word_tuple(name) in drafted for name in case.names)
    modules = sum(any(m["old"].endswith(module) for m in moved) for module in case.modules)
    entries = len(removed) + len(moved)
    met = "yes" if median <= TARGET_S and entries <= TARGET_ENTRIES else "**no**"
    row = (
        f"| {case.title} | {names} of {len(case.names)} | {modules} of {len(case.modules)} | {entries} "
        f"| {median:.1f} | {met} |"
    )
    return row, f"{case.title}: {case.unreachable}."


def section(repeats: int = 3) -> list[str]:
    """The benchmark page's section on real renames (empty when no clone is configured)."""
    rows = [row for case in CASES if (row := _row(case, repeats)) is not None]
    if not rows:
        return []
    return [
        "## Drafting from real histories",
        "",
        "`vocab-lint vocab suggest` with an empty vocabulary on two real renames, scored against the",
        "lists their maintainers wrote (see `benchmarks/real_history.py`): listed names an entry of the",
        f"draft covers, listed moved modules found, entries drafted (target ≤ {TARGET_ENTRIES}) and the",
        f"median time (target ≤ {TARGET_S:.0f} s).",
        "",
        "| Rename | Names | Moved modules | Entries | Median (s) | Met |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        *(row for row, _ in rows),
        "",
        "<!-- vocab-lint: off the notes name the old names these renames left out of reach -->",
        "",
        "Out of reach of any draft made from definitions:",
        "",
        *(f"- {note}" for _, note in rows),
        "",
        "<!-- vocab-lint: on -->",
    ]


if __name__ == "__main__":
    print("\n".join(section()))
