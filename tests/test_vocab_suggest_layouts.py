"""`vocab suggest` on real repository layouts: a uv workspace of `packages/*/src`
distributions sharing one namespace package, and a flat package.

The workspace's four `pyproject.toml` files are DataDesigner's own (copied with its licence
into `tests/data/datadesigner`); the Python files are written into that layout the way its
capacity rename went: a class renamed and moved to a new package, a module moved without git
seeing a move, a name that lived only between the two revisions, a test module moved.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lint.history.layout import Layout

from .conftest import git, write

pytestmark = pytest.mark.slow

DATADESIGNER = Path(__file__).parent / "data" / "datadesigner"
PYPROJECTS = [
    "pyproject.toml",
    "packages/data-designer-config/pyproject.toml",
    "packages/data-designer-engine/pyproject.toml",
    "packages/data-designer/pyproject.toml",
]
ENGINE = "packages/data-designer-engine/src/data_designer/engine"
ENGINE_TESTS = "packages/data-designer-engine/tests/engine"

BEFORE = {
    f"{ENGINE}/models/clients/throttle_manager.py": (
        "from enum import Enum\n\n\n"
        "class ThrottleDomain(str, Enum):\n"
        '    CHAT = "chat"\n\n\n'
        "class ThrottleManager:\n"
        "    def __init__(self, max_parallel: int) -> None:\n"
        "        self._max_parallel = max_parallel\n\n"
        "    def acquire(self, domain: ThrottleDomain) -> None:\n"
        "        pass\n"
    ),
    f"{ENGINE}/dataset_builders/utils/fair_task_queue.py": (
        "class TaskGroupKey:\n    pass\n\n\nclass FairTaskQueue:\n    def admit_next(self) -> None:\n        pass\n"
    ),
    f"{ENGINE}/dataset_builders/async_scheduler.py": (
        "from data_designer.engine.dataset_builders.utils.fair_task_queue import FairTaskQueue\n"
        "from data_designer.engine.models.clients.throttle_manager import ThrottleManager\n\n\n"
        "class AsyncTaskScheduler:\n"
        "    def __init__(self, throttle_manager: ThrottleManager) -> None:\n"
        "        self._throttle_manager = throttle_manager\n"
        "        self._queue = FairTaskQueue()\n\n\n"
        "def build_default() -> AsyncTaskScheduler:\n"
        "    return AsyncTaskScheduler(ThrottleManager(4))\n\n\n"
        "def build_small() -> AsyncTaskScheduler:\n"
        "    return AsyncTaskScheduler(ThrottleManager(1))\n\n\n"
        "def build_large() -> AsyncTaskScheduler:\n"
        "    return AsyncTaskScheduler(ThrottleManager(64))\n"
    ),
    f"{ENGINE}/dataset_builders/preview.py": (
        "from data_designer.engine.dataset_builders.utils.fair_task_queue import FairTaskQueue\n\n"
        "QUEUE = FairTaskQueue()\n"
    ),
    f"{ENGINE_TESTS}/models/test_throttle_manager.py": (
        "from data_designer.engine.models.clients.throttle_manager import ThrottleManager\n\n\n"
        "def make_fake_throttle_clock() -> int:\n    return 0\n\n\n"
        "def test_acquire() -> None:\n    ThrottleManager(1).acquire(make_fake_throttle_clock())\n"
    ),
    f"{ENGINE_TESTS}/dataset_builders/utils/test_fair_task_queue.py": (
        "from data_designer.engine.dataset_builders.utils.fair_task_queue import FairTaskQueue\n\n\n"
        "def test_admit() -> None:\n    FairTaskQueue().admit_next()\n"
    ),
    "docs/architecture.md": "# Architecture\n\nThe ThrottleManager admits requests.\n",
}
BETWEEN = {
    f"{ENGINE}/models/clients/bridge.py": "class ThrottleBridgeAdapter:\n    pass\n",
    "docs/bridge.md": "The ThrottleBridgeAdapter eases the move.\n",
}
AFTER = {
    f"{ENGINE}/models/request_admission/controller.py": (
        "from typing import Protocol\n\n\n"
        "class RequestAdmissionController(Protocol):\n"
        "    def admit(self) -> None: ...\n\n\n"
        "class AdaptiveRequestAdmissionController:\n"
        "    def __init__(self, limit: int) -> None:\n"
        "        self.limit = limit\n\n"
        "    def admit(self) -> None:\n"
        "        pass\n"
    ),
    f"{ENGINE}/models/request_admission/resources.py": (
        "from enum import Enum\n\n\nclass RequestDomain(str, Enum):\n    CHAT = 'chat'\n"
    ),
    f"{ENGINE}/dataset_builders/scheduling/queue.py": (
        '"""The fair queue of task groups, rewritten for the scheduling package."""\n\n\n'
        "class FairTaskQueue:\n"
        "    def select_next(self, weights: dict[str, int] | None = None) -> str | None:\n"
        "        return None if not weights else max(weights, key=weights.__getitem__)\n"
    ),
    f"{ENGINE}/dataset_builders/scheduling/resources.py": "class TaskGroupKey:\n    pass\n",
    f"{ENGINE}/dataset_builders/async_scheduler.py": (
        "from data_designer.engine.dataset_builders.scheduling.queue import FairTaskQueue\n"
        "from data_designer.engine.models.request_admission.controller import (\n"
        "    AdaptiveRequestAdmissionController,\n"
        "    RequestAdmissionController,\n"
        ")\n\n\n"
        "class AsyncTaskScheduler:\n"
        "    def __init__(self, request_admission: RequestAdmissionController) -> None:\n"
        "        self._request_admission = request_admission\n"
        "        self._queue = FairTaskQueue()\n\n\n"
        "def build_default() -> AsyncTaskScheduler:\n"
        "    return AsyncTaskScheduler(AdaptiveRequestAdmissionController(4))\n\n\n"
        "def build_small() -> AsyncTaskScheduler:\n"
        "    return AsyncTaskScheduler(AdaptiveRequestAdmissionController(1))\n\n\n"
        "def build_large() -> AsyncTaskScheduler:\n"
        "    return AsyncTaskScheduler(AdaptiveRequestAdmissionController(64))\n"
    ),
    f"{ENGINE}/dataset_builders/preview.py": (
        "from data_designer.engine.dataset_builders.scheduling.queue import FairTaskQueue\n\nQUEUE = FairTaskQueue()\n"
    ),
    f"{ENGINE_TESTS}/models/test_request_admission.py": (
        "from data_designer.engine.models.request_admission.controller import AdaptiveRequestAdmissionController\n\n\n"
        "def test_admit() -> None:\n    AdaptiveRequestAdmissionController(1).admit()\n"
    ),
    "docs/tuning.md": "Call make_fake_throttle_clock in tests; the ThrottleManager is gone.\n",
}
GONE = [
    f"{ENGINE}/models/clients/throttle_manager.py",
    f"{ENGINE}/models/clients/bridge.py",
    f"{ENGINE}/dataset_builders/utils/fair_task_queue.py",
    f"{ENGINE_TESTS}/models/test_throttle_manager.py",
    "docs/bridge.md",
]


def _commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """DataDesigner's workspace layout with its rename in three commits after `v1`."""
    repo = tmp_path / "repo"
    write(repo, {name: (DATADESIGNER / name).read_text(encoding="utf-8") for name in PYPROJECTS})
    write(repo, BEFORE)
    git(repo, "init", "-q", "-b", "main")
    _commit(repo, "before")
    git(repo, "tag", "v1")
    write(repo, BETWEEN)
    _commit(repo, "a bridge for the move")
    (repo / f"{ENGINE}/dataset_builders/scheduling").mkdir(parents=True)
    git(repo, "mv", f"{ENGINE_TESTS}/dataset_builders/utils/test_fair_task_queue.py", f"{ENGINE_TESTS}/test_queue.py")
    for gone in GONE:
        (repo / gone).unlink()
    write(repo, AFTER)
    _commit(repo, "request admission")
    return repo


def _empty_vocabulary(repo: Path) -> str:
    """A vocabulary of nothing beside the repository (the default names this rename's words)."""
    vocabulary = repo.parent / "empty.yaml"
    vocabulary.write_text("version: 1\nname: empty\nterms: []\n", encoding="utf-8")
    return str(vocabulary)


def _suggested(repo: Path, run_cli: Any) -> dict[str, Any]:
    arguments = ("--since", "v1", "--format", "json", "--vocab", _empty_vocabulary(repo))
    result = run_cli("vocab", "suggest", *arguments, cwd=repo)
    assert result.code == 0, result.err
    found: dict[str, Any] = json.loads(result.out)
    return found


def test_a_uv_workspace_maps_each_distribution_s_src_to_its_modules(workspace: Path, run_cli: Any) -> None:
    found = _suggested(workspace, run_cli)
    by_name = {r["name"]: r for r in found["removed"]}
    manager = by_name["ThrottleManager"]
    assert (manager["kind"], manager["owner"]) == ("class", "data_designer.engine.models.clients.throttle_manager")
    assert manager["mentions"] == 2  # docs/architecture.md and docs/tuning.md, as `check` would find them
    assert found["moved_modules"] == [
        {
            "old": "data_designer.engine.dataset_builders.utils.fair_task_queue",
            "new": "data_designer.engine.dataset_builders.scheduling.queue",
            "mentions": 1,  # the moved test module still imports it
        }
    ]  # imports rewritten and its namesake class now there; the moved test module is not proposed


def test_a_renamed_class_is_paired_with_the_general_name_the_diffs_put_in_its_place(
    workspace: Path, run_cli: Any
) -> None:
    """Built as `AdaptiveRequestAdmissionController` three times, typed as the protocol once:
    the concept, and the replacement, is `RequestAdmissionController`."""
    by_name = {r["name"]: r for r in _suggested(workspace, run_cli)["removed"]}
    assert (by_name["ThrottleManager"]["replacement"], by_name["ThrottleManager"]["confidence"]) == (
        "RequestAdmissionController",
        "high",
    )
    assert by_name["ThrottleDomain"]["replacement"] is None  # no line set RequestDomain in its place


def test_a_name_that_lived_only_between_the_revisions_is_proposed(workspace: Path, run_cli: Any) -> None:
    by_name = {r["name"]: r for r in _suggested(workspace, run_cli)["removed"]}
    assert by_name["ThrottleBridgeAdapter"]["owner"] == "data_designer.engine.models.clients.bridge"


def test_names_of_one_set_of_words_are_one_entry_and_tests_rank_below_the_product(
    workspace: Path, run_cli: Any
) -> None:
    removed = _suggested(workspace, run_cli)["removed"]
    names = [r["name"] for r in removed]
    assert "throttle_manager" not in names and "_throttle_manager" not in names  # ThrottleManager covers them
    assert names.index("make_fake_throttle_clock") == len(names) - 1  # mentioned, but only a test helper
    assert removed[-1]["test_only"] is True and not any(name.startswith("test_") for name in names)


FLAT_BEFORE = {
    "pyproject.toml": '[project]\nname = "planner"\nversion = "1.0"\n',
    "planner/__init__.py": "",
    "planner/core.py": (
        '__all__ = ["compile_plan", "retry_on_conflict"]\n\n\n'
        "def compile_plan(steps: list[str]) -> list[str]:\n    return steps\n\n\n"
        "def retry_on_conflict(function):\n    return function\n"
    ),
    "planner/other.py": (
        "def outer() -> None:\n"
        "    def compile_plan() -> None:\n        pass\n\n"
        "    compile_plan()\n\n\n"
        "def run(retry_on_conflict: bool = False) -> bool:\n    return retry_on_conflict\n"
    ),
    "README.md": "Call compile_plan, or decorate with retry_on_conflict.\n",
}
FLAT_AFTER = {
    "planner/core.py": (
        '__all__ = ["build_plan"]\n\n\ndef build_plan(steps: list[str]) -> list[str]:\n    return steps\n'
    ),
    "planner/other.py": FLAT_BEFORE["planner/other.py"] + "\n\ndef extra() -> None:\n    pass\n",
}


def test_a_name_is_removed_when_its_qualified_name_is_gone(tmp_path: Path, run_cli: Any) -> None:
    """A nested function and a parameter still bear the words; neither keeps a public
    function or decorator alive, and `__all__` is never anyone's replacement."""
    repo = write(tmp_path / "flat", FLAT_BEFORE)
    git(repo, "init", "-q", "-b", "main")
    _commit(repo, "before")
    git(repo, "tag", "v1")
    write(repo, FLAT_AFTER)
    _commit(repo, "after")
    by_name = {r["name"]: r for r in _suggested(repo, run_cli)["removed"]}
    assert {"compile_plan", "retry_on_conflict"} <= set(by_name)
    assert (by_name["compile_plan"]["kind"], by_name["compile_plan"]["owner"]) == ("function", "planner.core")
    assert all(r["replacement"] != "__all__" for r in by_name.values())


def test_a_guess_is_left_for_the_reviewer_in_the_draft(tmp_path: Path, run_cli: Any) -> None:
    """A replacement only a name beside the old one suggests is written commented out: the
    draft pasted as it is pairs only what the diffs showed."""
    gate = "class SubmissionGate:\n    pass\n"
    repo = write(tmp_path / "guess", {"shop/__init__.py": "", "shop/gate.py": f"X = 1\n\n\n{gate}"})
    git(repo, "init", "-q", "-b", "main")
    _commit(repo, "before")
    git(repo, "tag", "v1")
    write(repo, {"shop/gate.py": "X = 1\n", "docs/a.md": "The SubmissionGate.\n"})
    _commit(repo, "the gate goes")
    write(repo, {"shop/gate.py": "X = 1\n\n\nclass GateBuilder:\n    pass\n"})
    _commit(repo, "a builder comes, in another commit: no line put one in the other's place")
    draft = run_cli("vocab", "suggest", "--since", "v1", "--vocab", _empty_vocabulary(repo), cwd=repo).out
    assert '  - name: "SubmissionGate"\n    # replacement: "GateBuilder"  (a guess: uncomment once checked)' in draft
    assert "terms:" not in draft  # no term is drafted for a guess


@pytest.mark.parametrize(
    ("path", "module"),
    [
        ("packages/data-designer-engine/src/data_designer/engine/models/registry.py", "data_designer.engine.models.registry"),
        ("packages/data-designer-config/src/data_designer/config/__init__.py", "data_designer.config"),
        ("packages/data-designer-engine/tests/engine/test_registry.py", "tests.engine.test_registry"),
        ("scripts/health_checks.py", "scripts.health_checks"),
        ("fern/scripts/fern-published-branch.py", None),
    ],
)  # fmt: skip
def test_the_workspace_layout_of_datadesigner(path: str, module: str | None) -> None:
    pyprojects = {name: (DATADESIGNER / name).read_text(encoding="utf-8") for name in PYPROJECTS}
    assert Layout.of([*PYPROJECTS, path], pyprojects).module(path) == module


@pytest.mark.parametrize(
    ("pyproject", "path", "module"),
    [
        ('[tool.setuptools]\npackage-dir = {"" = "lib"}\n', "svc/lib/app/api.py", "app.api"),
        ('[tool.setuptools.packages.find]\nwhere = ["python"]\n', "svc/python/app/api.py", "app.api"),
        ('[tool.poetry]\npackages = [{include = "app", from = "code"}]\n', "svc/code/app/api.py", "app.api"),
        ('[tool.uv.build-backend]\nmodule-root = ""\n', "svc/app/api.py", "app.api"),
        ('[project]\nname = "svc"\n', "svc/tests/test_api.py", "tests.test_api"),
        ("not = [valid toml", "svc/src/app/api.py", "app.api"),
    ],
)
def test_declared_package_folders(pyproject: str, path: str, module: str) -> None:
    assert Layout.of(["svc/pyproject.toml", path], {"svc/pyproject.toml": pyproject}).module(path) == module


def test_workspace_members_are_projects_even_without_a_pyproject_of_their_own() -> None:
    root = '[tool.uv.workspace]\nmembers = ["libs/*"]\n'
    layout = Layout.of(["pyproject.toml", "libs/my-lib/tools/gen.py"], {"pyproject.toml": root})
    assert layout.module("libs/my-lib/tools/gen.py") == "tools.gen"
