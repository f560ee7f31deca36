"""The hooks of .pre-commit-hooks.yaml, run by the real `pre-commit` in a real git repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CAPACITY_FILE, REPO, git, write

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This checkout as a hook repository at one commit, its uncommitted changes and new
    files included (as `pre-commit try-repo` makes one), so that every run of the module
    shares one hook environment: installing it is the slow part, and try-repo installs
    anew each time."""
    shadow = tmp_path_factory.mktemp("hook-repository") / "repo"
    subprocess.run(["git", "clone", "-q", str(REPO), str(shadow)], check=True)
    index = shadow / ".git" / "index"
    env = {**os.environ, "GIT_INDEX_FILE": str(index), "GIT_OBJECT_DIRECTORY": str(shadow / ".git" / "objects")}
    subprocess.run(["git", "add", "--all"], cwd=REPO, env=env, check=True)
    git(shadow, "commit", "-q", "--allow-empty", "-m", "the work tree under test")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=shadow, capture_output=True, text=True, check=True)
    return shadow, head.stdout.strip()


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


# A notebook as Jupyter writes it: the hooks' file types include notebooks.
NOTEBOOK = json.dumps(
    {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "a1", "metadata": {}, "outputs": [],
                   "source": ["manager = ThrottleManager()"]}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    },
    indent=1,
)  # fmt: skip


def _run_hook(repo: Path, home: Path, hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "pre_commit", "run", hook, "--color", "never", "--files", *files]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=900)


def test_hooks_fail_on_stale_names_pass_on_clean_files_and_fix(
    tmp_path: Path, hook_repository: tuple[Path, str], pre_commit_home: Path
) -> None:
    hooks, rev = hook_repository
    config = f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks: [{{id: vocab-lint}}, {{id: vocab-lint-fix}}]\n"
    repo = write(
        tmp_path / "repo",
        {
            **CAPACITY_FILE,
            "pkg/stale.py": "from pkg.old import ThrottleManager\n\nmanager = ThrottleManager()\n",
            "pkg/clean.py": "from pkg.admission import RequestAdmissionController\n",
            "docs/guide.md": "# Guide\n\nThe `ThrottleDomain` is gone.\n",
            "docs/tour.ipynb": NOTEBOOK,
            # Excluded by the settings: the hooks pass --force-exclude, so a named file obeys it.
            "vendor/stale.py": "manager = ThrottleManager()\n",
            "pyproject.toml": '[tool.vocab-lint]\nextend-exclude = ["vendor/"]\n',
            ".pre-commit-config.yaml": config,
        },
    )
    git(repo, "init", "-q")
    git(repo, "add", ".")

    stale = _run_hook(repo, pre_commit_home, "vocab-lint", "pkg/stale.py", "docs/guide.md", "docs/tour.ipynb")
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "docs/tour.ipynb:cell 1:1:11: removed-name [throttle-manager]" in stale.stdout
    assert "pkg/stale.py:1:21: removed-name [throttle-manager]" in stale.stdout
    assert "docs/guide.md:3:6: removed-name [throttle-domain]" in stale.stdout

    clean = _run_hook(repo, pre_commit_home, "vocab-lint", "pkg/clean.py", "vendor/stale.py")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout

    fixed = _run_hook(repo, pre_commit_home, "vocab-lint-fix", "pkg/stale.py")
    assert fixed.returncode == 1  # pre-commit fails a hook that modified files
    assert "files were modified by this hook" in fixed.stdout
    assert (repo / "pkg/stale.py").read_text() == (
        "from pkg.old import RequestAdmissionController\n\nmanager = RequestAdmissionController()\n"
    )
    again = _run_hook(repo, pre_commit_home, "vocab-lint", "pkg/stale.py")
    assert again.returncode == 0, again.stdout


def test_the_project_s_hook_configuration_and_manifest_are_valid() -> None:
    validated = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert validated.returncode == 0, validated.stdout + validated.stderr
    manifest = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
