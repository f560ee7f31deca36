"""Jupyter notebooks, read as Jupyter reads them: real tutorial notebooks stay clean, stale
names planted in every construct are found at their cell, line and column, and a fix
changes nothing of the file but the renamed characters."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

from ...conftest import DATA, checked_findings, write

NOTEBOOKS = DATA / "notebooks"
REAL = sorted(NOTEBOOKS.glob("*.ipynb"))
NUMPY2_VOCAB = str(DATA / "numpy2" / "vocab.yaml")


def _notebook(*cells: Any) -> str:
    """A notebook as Jupyter writes it (indent of 1, sorted keys, a final newline)."""
    notebook = new_notebook(cells=list(cells), metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{number}"
    return nbformat.writes(notebook) + "\n"


def _brief(findings: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (f.get("cell"), f["line"], f["column"], f["end_column"], f["rule"], f["context"], f["matched"])
        for f in findings
    ]


@pytest.mark.parametrize("notebook", REAL, ids=[path.name for path in REAL])
def test_the_real_tutorial_notebooks_have_no_false_finding(notebook: Path, run_cli: Any) -> None:
    assert checked_findings(run_cli, notebook.name, cwd=NOTEBOOKS) == []


def test_every_construct_is_read_at_its_cell_line_and_column(tmp_path: Path, run_cli: Any) -> None:
    page = _notebook(
        new_markdown_cell("# The ThrottleManager\n\nThe `throttle_manager` admits requests."),
        new_code_cell("import os\n\nmanager = ThrottleManager()  # the throttle manager"),
        new_code_cell("%time x = ThrottleManager()\n!pip install throttle-manager\nThrottleManager?"),
        new_code_cell("%%bash\necho ThrottleManager"),
        new_code_cell("%%capture\nmanager = ThrottleManager()"),
        new_raw_cell("ThrottleManager in a raw cell"),
        new_code_cell(
            "print('ok')",
            outputs=[new_output("stream", name="stdout", text="the ThrottleManager only in an output\n")],
        ),
    )
    write(tmp_path, {"nb.ipynb": page})
    assert _brief(checked_findings(run_cli, "nb.ipynb", cwd=tmp_path)) == [
        (1, 1, 7, 22, "removed-name", "heading", "ThrottleManager"),
        (1, 3, 6, 22, "removed-name", "inline-code", "throttle_manager"),
        (2, 3, 11, 26, "removed-name", "identifier", "ThrottleManager"),
        (2, 3, 36, 52, "removed-name", "comment", "throttle manager"),
        (3, 1, 11, 26, "removed-name", "comment", "ThrottleManager"),  # a line magic: its words as a comment's
        (3, 2, 14, 30, "removed-name", "comment", "throttle-manager"),  # a shell escape
        (3, 3, 1, 16, "removed-name", "identifier", "ThrottleManager"),  # help: the name is an expression
        (4, 2, 6, 21, "removed-name", "comment", "ThrottleManager"),  # a %%bash body is not Python
        (5, 2, 11, 26, "removed-name", "identifier", "ThrottleManager"),  # a %%capture body is
    ]


def test_text_and_file_reports_name_the_cell(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"nb.ipynb": _notebook(new_markdown_cell("Intro."), new_code_cell("x = 1\ny = ThrottleManager()"))})
    text = run_cli("check", "--no-cache", "--no-show-source", "nb.ipynb", cwd=tmp_path).out
    assert text.startswith("nb.ipynb:cell 2:2:5: removed-name [throttle-manager] ")
    github = run_cli("check", "--no-cache", "--output-format", "github", "nb.ipynb", cwd=tmp_path).out
    raw_line = (tmp_path / "nb.ipynb").read_text().splitlines().index('    "y = ThrottleManager()"') + 1
    assert f"::error file=nb.ipynb,line={raw_line},col=10,endLine={raw_line},endColumn=25," in github
    assert "::cell 2, line 2, column 5: 'ThrottleManager' was removed" in github
    sarif = json.loads(run_cli("check", "--no-cache", "--output-format", "sarif", "nb.ipynb", cwd=tmp_path).out)
    [result] = sarif["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == raw_line
    assert result["properties"] | {"cell": 2, "cellLine": 2, "cellColumn": 5} == result["properties"]
    assert "fixes" not in result  # the file stores JSON strings: fixed by `vocab-lint fix`, not by SARIF


def test_imports_of_earlier_cells_resolve_names_in_later_ones(tmp_path: Path, run_cli: Any) -> None:
    page = _notebook(
        new_code_cell("from numpy import trapz"),
        new_markdown_cell("Now integrate."),
        new_code_cell("area = trapz(y, x)"),
    )
    own = _notebook(new_code_cell("def trapz(y, x): ..."), new_code_cell("area = trapz(y, x)"))
    write(tmp_path, {"nb.ipynb": page, "own.ipynb": own})
    found = checked_findings(run_cli, "--vocab", NUMPY2_VOCAB, "nb.ipynb", "own.ipynb", cwd=tmp_path)
    assert [(f["path"], f["cell"], f["line"], f["column"], f["context"], f["matched"]) for f in found] == [
        ("nb.ipynb", 1, 1, 19, "import", "trapz"),
        ("nb.ipynb", 3, 1, 8, "identifier", "trapz"),
    ]


def test_suppressions_hold_within_their_cells(tmp_path: Path, run_cli: Any) -> None:
    page = _notebook(
        new_code_cell("manager = ThrottleManager()  # vocab-lint: allow[throttle-manager] the shim"),
        new_code_cell("# vocab-lint: off\nold = ThrottleManager()"),
        new_code_cell("again = ThrottleManager()"),  # the region of the cell above ended with it
        new_markdown_cell("<!-- vocab-lint: allow[throttle-manager] quoting -->\nThe ThrottleManager was here."),
        new_markdown_cell("<!-- vocab-lint: allow[throttle-manager] nothing to allow -->\nAll clean."),
    )
    write(tmp_path, {"nb.ipynb": page})
    assert _brief(checked_findings(run_cli, "nb.ipynb", cwd=tmp_path)) == [
        (3, 1, 9, 24, "removed-name", "identifier", "ThrottleManager"),
        (
            5,
            1,
            1,
            62,
            "unused-suppression",
            "html-comment",
            "<!-- vocab-lint: allow[throttle-manager] nothing to allow -->",
        ),
    ]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param('{"cells": [{"cell_type": "code", "source": "ThrottleManager()"', id="broken-json"),
        pytest.param('{"metadata": {}, "text": "ThrottleManager"}\n', id="no-cells"),
    ],
)
def test_a_file_that_is_not_a_notebook_is_a_parse_error_still_scanned(
    tmp_path: Path, run_cli: Any, content: str
) -> None:
    write(tmp_path, {"nb.ipynb": content})
    result = run_cli("check", "--no-cache", "--output-format", "json", "nb.ipynb", cwd=tmp_path)
    assert result.code == 1 and "Traceback" not in result.err
    findings = json.loads(result.out)["findings"]
    assert [f["rule"] for f in findings] == ["parse-error", "removed-name"]
    assert "could not read as a Jupyter notebook" in findings[0]["message"]
    assert "cell" not in findings[1]  # placed in the file as it is


def test_a_fix_changes_only_the_renamed_characters(tmp_path: Path, run_cli: Any) -> None:
    original = (NOTEBOOKS / "7-nemotron-personas.ipynb").read_text(encoding="utf-8")
    stale = original.replace(
        '"            max_parallel_requests=32,\\n"',
        '"            max_parallel_requests=32,  # the ThrottleManager cap\\n"',
    ).replace('"!pip install -U data-designer"', '"!pip install -U data-designer  # \\"throttle_manager\\" é"')
    assert stale.count("hrottle") == 2
    write(tmp_path, {"nb.ipynb": stale})
    diff = run_cli("fix", "--no-cache", "--diff", "nb.ipynb", cwd=tmp_path)
    assert diff.code == 1
    assert [line for line in diff.out.splitlines() if line.startswith("@@")] == [
        "@@ -60,7 +60,7 @@ cell 5",
        "@@ -327,7 +327,7 @@ cell 16",
    ]
    assert run_cli("fix", "--no-cache", "nb.ipynb", cwd=tmp_path).code == 0
    fixed = (tmp_path / "nb.ipynb").read_text(encoding="utf-8")
    assert fixed == stale.replace("ThrottleManager", "RequestAdmissionController").replace(
        "throttle_manager", "request_admission_controller"
    )
    nbformat.validate(nbformat.reads(fixed, as_version=4))
    assert run_cli("fix", "--no-cache", "nb.ipynb", cwd=tmp_path).code == 0
    assert (tmp_path / "nb.ipynb").read_text(encoding="utf-8") == fixed  # a second fix changes nothing


def test_a_fix_that_would_collide_across_cells_is_refused(tmp_path: Path, run_cli: Any) -> None:
    page = _notebook(
        new_code_cell("class RequestAdmissionController: ..."),
        new_code_cell("ThrottleManager = RequestAdmissionController"),
    )
    write(tmp_path, {"nb.ipynb": page})
    result = run_cli("fix", "--no-cache", "--no-show-source", "nb.ipynb", cwd=tmp_path)
    assert "fix-refused" in result.out and "would collide" in result.out
    assert (tmp_path / "nb.ipynb").read_text(encoding="utf-8") == page


def test_notebooks_are_found_in_folders_and_read_from_standard_input(tmp_path: Path, run_cli: Any) -> None:
    shutil.copy(NOTEBOOKS / "1-the-basics.ipynb", tmp_path / "clean.ipynb")
    write(tmp_path, {"docs/stale.ipynb": _notebook(new_code_cell("x = ThrottleManager()"))})
    assert [(f["path"], f["cell"]) for f in checked_findings(run_cli, cwd=tmp_path)] == [("docs/stale.ipynb", 1)]
    import io
    from contextlib import redirect_stdout

    from lint.cli import main

    stdin = io.StringIO(_notebook(new_markdown_cell("The ThrottleManager.")))
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, redirect_stdout(out):
        patch.setattr("sys.stdin", stdin)
        patch.chdir(tmp_path)
        code = main(["check", "--stdin-filename", "piped.ipynb", "--no-show-source"])
    assert code == 1
    assert out.getvalue().startswith("piped.ipynb:cell 1:1:5: removed-name")


def test_gitlab_and_junit_reports_point_at_the_stored_line_and_name_the_cell(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"nb.ipynb": _notebook(new_code_cell("x = 1\ny = ThrottleManager()"))})
    raw_line = (tmp_path / "nb.ipynb").read_text().splitlines().index('    "y = ThrottleManager()"') + 1
    gitlab = json.loads(run_cli("check", "--no-cache", "--output-format", "gitlab", "nb.ipynb", cwd=tmp_path).out)
    assert gitlab[0]["location"]["positions"]["begin"] == {"line": raw_line, "column": 10}
    assert gitlab[0]["description"].startswith("[throttle-manager] cell 1, line 2, column 5: ")
    junit = run_cli("check", "--no-cache", "--output-format", "junit", "nb.ipynb", cwd=tmp_path).out
    assert f'name="removed-name [throttle-manager] at cell 1:2:5" file="nb.ipynb" line="{raw_line}"' in junit
    assert ">nb.ipynb:cell 1:2:5: removed-name [throttle-manager] " in junit


def test_a_name_across_two_stored_lines_is_reported_and_left_for_a_person(tmp_path: Path, run_cli: Any) -> None:
    """Each line of a cell is its own JSON string: a rename across two would merge them."""
    page = _notebook(new_markdown_cell("Requests wait in the throttle\nmanager until admitted."))
    write(tmp_path, {"nb.ipynb": page})
    [finding] = checked_findings(run_cli, "nb.ipynb", cwd=tmp_path)
    assert (finding["cell"], finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (
        1, 1, 22, 2, 8
    )  # fmt: skip
    run_cli("fix", "--no-cache", "nb.ipynb", cwd=tmp_path)
    assert (tmp_path / "nb.ipynb").read_text(encoding="utf-8") == page
    github = run_cli("check", "--no-cache", "--output-format", "github", "nb.ipynb", cwd=tmp_path).out
    lines = page.splitlines()
    first = lines.index('    "Requests wait in the throttle\\n",') + 1
    assert f"line={first},col=27,endLine={first + 1},endColumn=13," in github
