"""The `check` command end to end: discovery, settings, formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lint.report.text import SOURCE_WIDTH

from .conftest import CAPACITY, CAPACITY_FILE, write

STALE = "manager = ThrottleManager()\n"
WARNING_ONLY = "config = ThrottleConfig()\n"
CLEAN = "controller = RequestAdmissionController()\n"


def test_exit_0_on_a_clean_tree(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"pkg/a.py": CLEAN, "docs/a.md": "Request admission bounds calls.\n"})
    result = run_cli("check", cwd=tmp_path)
    assert result.code == 0
    default = "the embedded default (async capacity vocabulary of NVIDIA-NeMo/DataDesigner)"
    assert result.out.strip() == f"2 files scanned with {default}: no findings."
    # Once, on stderr: the default's words are another project's; how to start one's own.
    assert result.err.count("`vocab-lint init` writes a starter vocab.yaml") == 1


def test_the_summary_names_the_project_s_vocabulary_and_gives_no_hint(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {**CAPACITY_FILE, "pkg/a.py": CLEAN})
    result = run_cli("check", cwd=tmp_path / "pkg")
    assert result.out.strip() == "1 file scanned with ../vocab.yaml: no findings." and result.err == ""


def test_exit_1_on_an_error(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": STALE})
    result = run_cli("check", "--no-show-source", cwd=tmp_path)
    assert result.code == 1
    assert result.out.splitlines()[0].startswith("a.py:1:11: removed-name [throttle-manager] [*] 'ThrottleManager' was")


def test_fail_on_decides_about_warnings(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": WARNING_ONLY})
    assert run_cli("check", cwd=tmp_path).code == 0
    assert run_cli("check", "--fail-on", "warning", cwd=tmp_path).code == 1


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["check", "--format", "yaml"], id="bad-format"),
        pytest.param(["check", "--jobs", "-1"], id="bad-jobs"),
        pytest.param(["check", "missing-folder"], id="missing-path"),
        pytest.param(["nope"], id="unknown-command"),
        pytest.param(["explain", "no-such-term"], id="unknown-entry"),
    ],
)
def test_usage_errors_exit_2_without_a_traceback(tmp_path: Path, run_cli: Any, args: list[str]) -> None:
    result = run_cli(*args, cwd=tmp_path)
    assert result.code == 2
    assert "Traceback" not in result.err
    assert result.err.strip()


def test_show_source_prints_a_caret_under_the_span(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": STALE})
    lines = run_cli("check", "--show-source", cwd=tmp_path).out.splitlines()
    assert lines[1] == "    manager = ThrottleManager()"
    assert lines[2] == "              ^^^^^^^^^^^^^^^"


def test_json_report_and_output_file(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"pkg/mod.py": STALE})
    result = run_cli("check", "--format", "json", "--output", "report.json", cwd=tmp_path)
    assert result.code == 1
    assert result.out == ""
    assert (
        "1 file scanned with the embedded default (async capacity vocabulary of NVIDIA-NeMo/DataDesigner): 1 finding (1 error, 0 warnings)."
        in result.err
    )
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["version"] == 1
    assert report["summary"] == {"files_scanned": 1, "files_skipped": 0, "findings": 1, "errors": 1, "warnings": 0}
    finding = report["findings"][0]
    assert (finding["path"], finding["line"], finding["column"], finding["end_column"]) == ("pkg/mod.py", 1, 11, 26)
    assert list(finding) == [
        "path", "line", "column", "end_line", "end_column", "rule", "severity", "term",
        "matched", "context", "message", "replacement", "fixable", "applicability",
    ]  # fmt: skip


def test_github_annotations(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": STALE})
    out = run_cli("check", "--format", "github", cwd=tmp_path).out
    assert out.startswith(
        "::error file=a.py,line=1,col=11,endLine=1,endColumn=26,title=vocab-lint removed-name [throttle-manager]::"
    )


def test_paths_are_relative_to_the_current_folder(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"repo/pkg/a.py": STALE})
    result = run_cli("check", "pkg", "--format", "json", cwd=tmp_path / "repo")
    assert [f["path"] for f in json.loads(result.out)["findings"]] == ["pkg/a.py"]


def test_gitignore_and_vocabulary_globs_in_a_real_git_repository(tmp_path: Path, run_cli: Any) -> None:
    write(
        tmp_path,
        {
            ".gitignore": "build_out/\n*.generated.py\n",
            "src/.gitignore": "local_*.py\n",
            "src/a.py": STALE,
            "src/local_notes.py": STALE,
            "src/b.generated.py": STALE,
            "build_out/c.py": STALE,
            "vendor/d.py": STALE,
            "pyproject.toml": '[tool.vocab-lint]\nexclude = ["vendor/"]\n',
        },
    )
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = run_cli("check", "--format", "json", cwd=tmp_path)
    assert sorted({f["path"] for f in json.loads(result.out)["findings"]}) == ["src/a.py"]
    explicit = run_cli("check", "src/local_notes.py", "--format", "json", cwd=tmp_path)
    assert [f["path"] for f in json.loads(explicit.out)["findings"]] == ["src/local_notes.py"]


def test_vocabulary_discovery_order(tmp_path: Path, run_cli: Any) -> None:
    own = "version: 1\nname: own\nterms: []\nremoved:\n  - name: OldThing\n"
    write(tmp_path, {"vocab.yaml": own, "sub/a.py": "x = OldThing()\ny = ThrottleManager()\n"})
    nearest = json.loads(run_cli("check", "--format", "json", cwd=tmp_path / "sub").out)["findings"]
    assert [f["term"] for f in nearest] == ["old-thing"]
    write(
        tmp_path,
        {
            "pyproject.toml": '[tool.vocab-lint]\nvocab = "config/v.yaml"\n',
            "config/v.yaml": own.replace("OldThing", "ThrottleManager"),
        },
    )
    configured = json.loads(run_cli("check", "--format", "json", cwd=tmp_path / "sub").out)["findings"]
    assert [f["term"] for f in configured] == ["throttle-manager"]
    explicit = run_cli("check", "--format", "json", "--vocab", str(CAPACITY), cwd=tmp_path / "sub")
    assert [f["term"] for f in json.loads(explicit.out)["findings"]] == ["throttle-manager"]


def test_unknown_pyproject_key_is_a_usage_error(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"pyproject.toml": '[tool.vocab-lint]\nvocabs = "v.yaml"\n', "a.py": CLEAN})
    result = run_cli("check", cwd=tmp_path)
    assert result.code == 2
    assert "pyproject.toml:2: unknown key 'vocabs' in [tool.vocab-lint] (did you mean 'vocabulary'?)" in result.err


def test_help_explains_the_commands(run_cli: Any) -> None:
    result = run_cli("check", "--help")
    assert result.code == 0
    for option in ["--vocab", "--format", "--output", "--fail-on", "--show-source", "--jobs"]:
        assert option in result.out


def test_console_script_and_module_run(tmp_path: Path) -> None:
    write(tmp_path, {**CAPACITY_FILE, "a.py": STALE})
    result = subprocess.run(
        [sys.executable, "-m", "lint", "check", "--no-show-source"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "a.py:1:11: removed-name" in result.stdout


def test_the_program_ends_with_everything_it_wrote_flushed(tmp_path: Path) -> None:
    """The process ends without the interpreter's teardown: output and exit code must be
    whole, through a pipe, with workers, and for a clean run."""
    write(tmp_path, {**CAPACITY_FILE, **{f"m{i}.py": STALE * 50 for i in range(80)}})
    command = [sys.executable, "-m", "lint", "check", "--format", "json", "--jobs", "2", "--no-cache"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert len(json.loads(result.stdout)["findings"]) == 80 * 50
    write(tmp_path, {f"m{i}.py": "x = 1\n" for i in range(80)})
    clean = subprocess.run([*command[:-1], "-q"], cwd=tmp_path, capture_output=True, text=True)
    assert (clean.returncode, clean.stderr) == (0, "")
    assert json.loads(clean.stdout)["findings"] == []


def test_a_long_line_is_shown_around_each_span(tmp_path: Path, run_cli: Any) -> None:
    """Each finding's excerpt has a bounded size: a long line (minified, generated, one
    paragraph per line) is shown as a window around the span, the caret still under it."""
    write(tmp_path, {"a.md": "word " * 2000 + "the ThrottleManager" + " word" * 2000 + "\n"})
    lines = run_cli("check", "--show-source", cwd=tmp_path).out.splitlines()
    assert lines[0].startswith("a.md:1:10005: removed-name [throttle-manager]")
    source, caret = lines[1], lines[2]
    assert len(source) <= len("    ") + SOURCE_WIDTH + 2
    assert source.startswith("    …") and source.endswith("…")
    assert source[caret.index("^") : len(caret)] == "ThrottleManager"


def test_git_never_hides_a_file_it_tracks(tmp_path: Path, run_cli: Any) -> None:
    """A tracked file that `.gitignore` lists, or that stands in a folder named like a build
    output (`pkg/build/`), is scanned: git ignores only what it does not track. Untracked
    files there stay skipped."""
    stale = "x = ThrottleManager()\n"
    write(
        tmp_path,
        {
            ".gitignore": "generated.py\nsecret/\n",
            "generated.py": stale,
            "secret/kept.py": stale,
            "pkg/build/steps.py": stale,
        },
    )
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@e"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(
        [*git, "add", "-f", "generated.py", "secret/kept.py", "pkg/build/steps.py"], cwd=tmp_path, check=True
    )
    subprocess.run([*git, "commit", "-q", "-m", "tracked"], cwd=tmp_path, check=True)
    write(tmp_path, {"secret/untracked.py": stale, "pkg/build/untracked.py": stale, "build/out.py": stale})
    result = run_cli("check", "--no-cache", "--output-format", "json", cwd=tmp_path)
    paths = sorted({f["path"] for f in json.loads(result.out)["findings"]})
    assert paths == ["generated.py", "pkg/build/steps.py", "secret/kept.py"]
