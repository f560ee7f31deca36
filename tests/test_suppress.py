"""`vocab-lint suppress --reason TEXT`: a directive for every finding, in each format's
comments, written only where it suppresses them all; running it again changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat

from tests.conftest import CAPACITY_FILE, write

PY = '''from pkg.old import ThrottleManager


def make():
    """Build the ThrottleManager.

    The ThrottleManager is gone.
    """
    return ThrottleManager(
        limit=1,
    )  # noqa: E501


value = 1 + \\
    ThrottleManager.LIMIT
'''

MD = """# Guide

Requests go through the `ThrottleManager`.

```python
manager = ThrottleManager()
print(manager)
```

- one item
- the ThrottleManager item
"""

RST = """Guide
=====

The ``ThrottleManager`` admits requests,
one by one.
"""


def _count(run_cli: Any, cwd: Path) -> int:
    result = run_cli("check", "--no-cache", "--output-format", "json", cwd=cwd)
    return len(json.loads(result.out)["findings"])


def test_every_finding_is_suppressed_where_it_stands(tmp_path: Path, run_cli: Any) -> None:
    project = write(tmp_path, {**CAPACITY_FILE, "pkg/a.py": PY, "docs/g.md": MD, "docs/g.rst": RST})
    assert _count(run_cli, project) > 5
    result = run_cli("suppress", "--reason", "adopted before the rename", cwd=project)
    assert result.code == 0, result.err
    assert "in 3 files" in result.err
    assert _count(run_cli, project) == 0
    python = (project / "pkg/a.py").read_text(encoding="utf-8")
    assert python.splitlines()[0].endswith(
        "ThrottleManager  # vocab-lint: allow[throttle-manager] adopted before the rename"
    )
    # A docstring and a backslash continuation cannot end in a comment: a region holds them.
    assert '    # vocab-lint: off[throttle-manager] adopted before the rename\n    """Build' in python
    assert ")  # noqa: E501  # vocab-lint: allow[throttle-manager]" not in python  # the call's line is line 9
    compile(python, "a.py", "exec")  # still Python
    markdown = (project / "docs/g.md").read_text(encoding="utf-8")
    assert "<!-- vocab-lint: allow[throttle-manager] adopted before the rename -->\n```python" in markdown
    assert "<!-- vocab-lint: allow[throttle-manager] adopted before the rename -->\n- one item" in markdown
    rst = (project / "docs/g.rst").read_text(encoding="utf-8")
    assert ".. vocab-lint: allow[throttle-manager] adopted before the rename\n\nThe ``ThrottleManager``" in rst


def test_running_it_again_changes_nothing(tmp_path: Path, run_cli: Any) -> None:
    project = write(tmp_path, {**CAPACITY_FILE, "pkg/a.py": PY, "docs/g.md": MD})
    run_cli("suppress", "--reason", "legacy", cwd=project)
    before = {p: p.read_bytes() for p in project.rglob("*.*") if ".vocab-lint-cache" not in p.parts}
    result = run_cli("suppress", "--reason", "legacy", cwd=project)
    assert result.code == 0 and "0 findings in 0 files" in result.err
    assert before == {p: p.read_bytes() for p in before}


def test_a_notebook_is_named_and_left_as_it_was(tmp_path: Path, run_cli: Any) -> None:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("manager = ThrottleManager()")])
    project = write(tmp_path, {**CAPACITY_FILE, "tour.ipynb": nbformat.writes(notebook)})
    before = (project / "tour.ipynb").read_bytes()
    result = run_cli("suppress", "--reason", "legacy", cwd=project)
    assert result.code == 1 and "tour.ipynb: not changed: notebook files have no comment" in result.err
    assert (project / "tour.ipynb").read_bytes() == before


def test_a_reason_that_would_end_its_comment_is_refused(tmp_path: Path, run_cli: Any) -> None:
    result = run_cli("suppress", "--reason", "see [1]", cwd=write(tmp_path, CAPACITY_FILE))
    assert result.code == 2 and "a reason ends its comment" in result.err
