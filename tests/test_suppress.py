"""`vocab-lint suppress --reason TEXT`: a directive for every finding, in each format's
comments, written only where it suppresses them all; running it again changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat

from tests.conftest import CAPACITY_FILE, checked_findings, write

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
    return len(checked_findings(run_cli, cwd=cwd))


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


def test_a_notebook_gets_directives_in_its_cells(tmp_path: Path, run_cli: Any) -> None:
    cells = [
        nbformat.v4.new_markdown_cell("# Tour\n\nThe ThrottleManager admits requests."),
        nbformat.v4.new_code_cell('manager = ThrottleManager()\nprint("done")'),
    ]
    project = write(tmp_path, {**CAPACITY_FILE, "tour.ipynb": nbformat.writes(nbformat.v4.new_notebook(cells=cells))})
    result = run_cli("suppress", "--reason", "legacy", cwd=project)
    assert result.code == 0, result.err
    notebook = nbformat.reads((project / "tour.ipynb").read_text(encoding="utf-8"), as_version=4)
    nbformat.validate(notebook)
    assert notebook.cells[0].source == (
        "# Tour\n\n<!-- vocab-lint: allow[throttle-manager] legacy -->\nThe ThrottleManager admits requests."
    )
    assert notebook.cells[1].source == (
        'manager = ThrottleManager()  # vocab-lint: allow[throttle-manager] legacy\nprint("done")'
    )
    assert _count(run_cli, project) == 0


def test_a_file_a_directive_cannot_fully_suppress_is_named_and_left(tmp_path: Path, run_cli: Any) -> None:
    """In a reST literal block a comment is text: the rescan still finds the name, so the
    file stays as it was."""
    page = "Example::\n\n    manager = ThrottleManager()\n"
    project = write(tmp_path, {**CAPACITY_FILE, "docs/example.rst": page})
    result = run_cli("suppress", "--reason", "legacy", cwd=project)
    assert result.code == 1 and "docs/example.rst: not changed: a directive would not suppress" in result.err
    assert (project / "docs/example.rst").read_text(encoding="utf-8") == page


def test_a_reason_that_would_end_its_comment_is_refused(tmp_path: Path, run_cli: Any) -> None:
    result = run_cli("suppress", "--reason", "see [1]", cwd=write(tmp_path, CAPACITY_FILE))
    assert result.code == 2 and "a reason ends its comment" in result.err
