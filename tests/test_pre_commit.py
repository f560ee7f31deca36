"""The hooks of .pre-commit-hooks.yaml, run by the real `pre-commit` in a real git repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CAPACITY_FILE, REPO, git, write

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hook environment for the module: installing it is the slow part."""
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


def _try_repo(repo: Path, home: Path, hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, "--color", "never", "--files", *files]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=900)


def test_hooks_fail_on_stale_names_pass_on_clean_files_and_fix(tmp_path: Path, pre_commit_home: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
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
        },
    )
    git(repo, "init", "-q")
    git(repo, "add", ".")

    stale = _try_repo(repo, pre_commit_home, "vocab-lint", "pkg/stale.py", "docs/guide.md", "docs/tour.ipynb")
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "docs/tour.ipynb:cell 1:1:11: removed-name [throttle-manager]" in stale.stdout
    assert "pkg/stale.py:1:21: removed-name [throttle-manager]" in stale.stdout
    assert "docs/guide.md:3:6: removed-name [throttle-domain]" in stale.stdout

    clean = _try_repo(repo, pre_commit_home, "vocab-lint", "pkg/clean.py", "vendor/stale.py")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout

    fixed = _try_repo(repo, pre_commit_home, "vocab-lint-fix", "pkg/stale.py")
    assert fixed.returncode == 1  # pre-commit fails a hook that modified files
    assert "files were modified by this hook" in fixed.stdout
    assert (repo / "pkg/stale.py").read_text() == (
        "from pkg.old import RequestAdmissionController\n\nmanager = RequestAdmissionController()\n"
    )
    again = _try_repo(repo, pre_commit_home, "vocab-lint", "pkg/stale.py")
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
