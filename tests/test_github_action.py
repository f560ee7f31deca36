"""The composite GitHub Action (`action.yml`): its steps' commands, run as the runner would."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from .conftest import CAPACITY_FILE, REPO, write

pytestmark = pytest.mark.slow

ACTION = YAML(typ="safe").load((REPO / "action.yml").read_text(encoding="utf-8"))


def _expand(value: str, inputs: dict[str, str]) -> str:
    """Substitute `${{ inputs.NAME }}` as the runner does."""
    return re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: inputs[m.group(1)], value)


@pytest.fixture(scope="module")
def runner_bin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment standing in for the runner's Python."""
    venv = tmp_path_factory.mktemp("runner") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    return venv / "bin"


def _run_steps(repo: Path, bin_dir: Path, given: dict[str, str]) -> list[subprocess.CompletedProcess[str]]:
    inputs = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()} | given
    environment = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(bin_dir.parent),
    }
    finished = []
    for step in ACTION["runs"]["steps"]:
        if "run" not in step:
            continue
        env = environment | {key: _expand(str(value), inputs) for key, value in step.get("env", {}).items()}
        finished.append(
            subprocess.run([step["shell"], "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True, timeout=900)
        )  # fmt: skip
    return finished


def test_action_installs_annotates_and_writes_sarif(tmp_path: Path, runner_bin: Path) -> None:
    repo = write(
        tmp_path, {**CAPACITY_FILE, "src/a.py": "manager = ThrottleManager()\n", "docs/ok.md": "Request admission.\n"}
    )
    install, check = _run_steps(repo, runner_bin, {"src": str(REPO), "args": "src docs", "sarif": "true"})
    assert install.returncode == 0, install.stderr
    assert check.returncode == 1, check.stderr
    assert check.stdout.startswith("::error file=src/a.py,line=1,col=11,endLine=1,endColumn=26,")
    sarif = json.loads((repo / "vocab-lint.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["removed-name"]


def test_action_passes_a_clean_tree_and_uploads_only_on_request(tmp_path: Path, runner_bin: Path) -> None:
    repo = write(tmp_path, {**CAPACITY_FILE, "src/a.py": "controller = RequestAdmissionController()\n"})
    _, check = _run_steps(repo, runner_bin, {"src": str(REPO)})
    assert check.returncode == 0, check.stdout + check.stderr
    assert not (repo / "vocab-lint.sarif").exists()
    [upload] = [step for step in ACTION["runs"]["steps"] if "uses" in step]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "inputs.sarif == 'true'" in upload["if"]


def test_docs_workflow_builds_the_site_strictly_on_release_tags() -> None:
    workflow: dict[str, Any] = YAML(typ="safe").load((REPO / ".github/workflows/docs.yml").read_text(encoding="utf-8"))
    assert workflow["on"]["push"]["tags"] == ["v*"]
    commands = [step.get("run", "") for step in workflow["jobs"]["publish"]["steps"]]
    assert 'python -m pip install ".[docs]"' in commands
    assert "mkdocs build --strict" in commands and "mkdocs gh-deploy --force" in commands
