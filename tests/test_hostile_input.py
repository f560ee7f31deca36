"""Hostile and unlucky input: nothing may hang the tool, slip past it, or make its cache or fixer lie."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lint import fingerprint, runner
from lint.cache import ResultCache, cache_key, content_digest, user_secret
from lint.engine.engine import Engine
from lint.findings import Finding
from lint.formats.markdown.scanner import scan_markdown
from lint.formats.python.scanner import scan_python

from .conftest import CAPACITY, CAPACITY_FILE, REPO, write

STALE = "m = ThrottleManager()\n"
FIXED = "m = RequestAdmissionController()\n"


def _json(run_cli: Any, cwd: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    result = run_cli("check", "--format", "json", *args, cwd=cwd)
    return result.code, json.loads(result.out) if result.out else {}, result.err


def _lint(cwd: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    """A real `vocab-lint` process: a run that would block forever fails by the timeout."""
    return subprocess.run(
        [sys.executable, "-m", "lint", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


# Pages built to make a pattern backtrack -----------------------------------------------------

# Each page once took time quadratic (or cubic) in its length: a pattern tried again from
# each character of a run, or a search for a closing mark repeated from every opening one.
# That work is in C, out of sight of the line-counting tests of `test_linear_time`; at these
# sizes it took hours, and `_lint`'s guard fails the test long before. Now each takes seconds.
# (The two MDX pages whose linear cost is highest, markdown-it's per-delimiter work, are
# the smallest that would still take a quadratic scan far past the guard.)
BACKTRACKING_PAGES = {
    "blank-lines.md": "# Throttle\n" + "\n" * 500_000,  # `^\s*===` read on past every line
    "blank-indented.md": "# Throttle\n" + " \n" * 300_000,
    "attribute-openers.md": "The throttle " + "{#" * 300_000 + "\n",  # `{#...}` with no `}`
    "attribute-assignments.md": "The throttle " + "{a=" * 300_000 + "\n",
    "end-marks.md": "The record window sets concurrency " + "." * 200_000 + "x\n",
    "spaces-before-a-conjunction.md": "The record window" + " " * 300_000 + "x concurrency\n",
    "underscores-before-a-noun.md": "concurrency " + "_" * 20_000 + "x y record window\n",
    "comment-openers.mdx": "The throttle " + "{/*" * 200_000 + "\n",
    "unclosed-props.mdx": "The throttle " + "<A b={" * 40_000 + "\n",
    "open-braces.mdx": "The throttle " + "{" * 300_000 + "\n",
    "unclosed-code-spans.mdx": "The throttle " + "`x" * 400_000 + "\n",
    "quoted-braces.mdx": "The throttle " + '{"{' * 100_000 + "\n",
    "comment-openers.md": "<!--" * 300_000 + " The throttle\n",  # each `<!--` searched to the end
    "declaration-openers.md": "<div>\n" + "<!x" * 300_000 + " The throttle\n",
}


def test_pages_built_to_make_a_pattern_backtrack_scan_in_linear_time(tmp_path: Path) -> None:
    write(tmp_path, BACKTRACKING_PAGES)
    result = _lint(tmp_path, "check", "--no-cache", "--format", "json", ".")
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["summary"]["files_scanned"] == len(BACKTRACKING_PAGES)
    found = {"attribute-openers.md", "open-braces.mdx", "comment-openers.md", "declaration-openers.md"}
    assert found <= {f["path"] for f in report["findings"]}


# Files that are not files ------------------------------------------------------------------


def test_fifos_and_devices_named_like_sources_are_skipped_not_read(tmp_path: Path) -> None:
    write(tmp_path, {**CAPACITY_FILE, "a.py": STALE})
    os.mkfifo(tmp_path / "pipe.py")
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    walked = _lint(tmp_path, "check", "--format", "json", ".")
    named = _lint(tmp_path, "check", "--format", "json", "pipe.py", "zero.md", "a.py")
    for result in (walked, named):
        report = json.loads(result.stdout)
        assert result.returncode == 1, result.stderr
        assert [f["path"] for f in report["findings"]] == ["a.py"]
    assert json.loads(named.stdout)["summary"]["files_skipped"] == 2


# Markdown the parser gives up on -------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        pytest.param("- - - - - - - - - - deep\n\nThe ThrottleManager is gone.\n", id="ten-markers-on-a-line"),
        pytest.param(">" * 20 + " The ThrottleManager is gone.\n", id="twenty-blockquotes"),
        pytest.param(
            "".join("  " * i + "- level\n" for i in range(10)) + "  " * 10 + "- The ThrottleManager\n",
            id="ten-nested-lists",
        ),
    ],
)
def test_markdown_nested_past_the_parser_limit_is_still_scanned(engine: Engine, page: str) -> None:
    findings = scan_markdown(page, "a.md", engine, engine.scope_for("a.md"))
    assert [f.matched for f in findings] == ["ThrottleManager"]
    line = page.splitlines()[findings[0].line - 1]
    assert line[findings[0].column - 1 : findings[0].end_column - 1] == "ThrottleManager"


# One line model ------------------------------------------------------------------------------


@pytest.mark.parametrize("character", ["\x0c", "\u2028", "\x85", "\x1c", "\u2029", "\x1d"])
def test_characters_that_splitlines_splits_on_hide_nothing(tmp_path: Path, run_cli: Any, character: str) -> None:
    write(tmp_path, {
        "a.py": f"s = 'x{character}y'  # the ThrottleManager{character}and more\nm = ThrottleManager()\n",
        "b.md": f"Text{character}more.\n\nThe ThrottleManager is gone.\n",
    })  # fmt: skip
    _, report, _ = _json(run_cli, tmp_path)
    found = [(f["path"], f["line"], f["column"], f["rule"]) for f in report["findings"]]
    assert found == [
        ("a.py", 1, 18, "removed-name"), ("a.py", 2, 5, "removed-name"), ("b.md", 3, 5, "removed-name")
    ]  # fmt: skip


def test_cr_only_line_endings_are_lines(tmp_path: Path, run_cli: Any) -> None:
    (tmp_path / "a.py").write_bytes(b"a = 1\rm = ThrottleManager()\r")
    (tmp_path / "b.md").write_bytes(b"# Title\r\rThe ThrottleManager is gone.\r")
    _, report, _ = _json(run_cli, tmp_path, "--show-source")
    assert [(f["path"], f["line"], f["column"]) for f in report["findings"]] == [("a.py", 2, 5), ("b.md", 3, 5)]
    run_cli("fix", cwd=tmp_path)
    assert (tmp_path / "a.py").read_bytes() == b"a = 1\rm = RequestAdmissionController()\r"


# Rename collisions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("f(throttle_manager=1, request_admission_controller=2)\n", id="repeated-keyword"),
        pytest.param("def f(throttle_manager, request_admission_controller):\n    pass\n", id="repeated-parameter"),
        pytest.param(
            "class C:\n    def __init__(self):\n        self.throttle_manager = 1\n"
            "        self.request_admission_controller = 2\n",
            id="merged-attributes",
        ),
        pytest.param(
            "from m import ThrottleManager\nfrom n import RequestAdmissionController\nx = ThrottleManager()\n",
            id="shadowing-import",
        ),
    ],
)
def test_renames_that_collide_are_refused(tmp_path: Path, run_cli: Any, source: str) -> None:
    write(tmp_path, {"a.py": source})
    result = run_cli("fix", "--format", "json", cwd=tmp_path)
    assert (tmp_path / "a.py").read_text() == source
    assert "fix-refused" in {f["rule"] for f in json.loads(result.out)["findings"]}


# The cache ------------------------------------------------------------------------------------


def _rows(root: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(root / ".vocab-lint-cache" / "results.sqlite3") as connection:
        return list(connection.execute("SELECT key, value, signature FROM entries"))


def test_a_result_of_another_build_of_the_tool_is_a_miss(
    tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every commit a pre-commit `rev` can name says the same version: keyed by the version
    alone, a newer build trusted what an older one had found (and missed)."""
    write(tmp_path, {"a.py": STALE})
    _json(run_cli, tmp_path)
    _json(run_cli, tmp_path)
    assert len(_rows(tmp_path)) == 1  # the same build: a hit
    monkeypatch.setattr(fingerprint, "code_files", lambda: [*_CODE_FILES, str(tmp_path / "a.py")])
    fingerprint.tool_digest.cache_clear()
    try:
        _json(run_cli, tmp_path)
    finally:
        fingerprint.tool_digest.cache_clear()
    assert len(_rows(tmp_path)) == 2  # another build: a miss, scanned and stored apart


_CODE_FILES = fingerprint.code_files()


def test_a_build_is_named_by_its_code_files_and_their_stats(tmp_path: Path) -> None:
    files = [str(write(tmp_path, {"a.py": "x = 1\n", "b.py": "y = 2\n"}) / name) for name in ("a.py", "b.py")]
    before = fingerprint.files_digest(["0.1.0"], files)
    os.utime(files[1], ns=(0, 1_000_000_000))  # the same bytes, rewritten by a reinstall
    assert fingerprint.files_digest(["0.1.0"], files) != before
    assert fingerprint.files_digest(["0.1.1"], files) != fingerprint.files_digest(["0.1.0"], files)
    package = Path(fingerprint.__file__).parent
    assert {str(package / "cache.py"), str(package / "formats" / "markdown" / "scanner.py")} <= set(_CODE_FILES)
    import libcst
    import markdown_it

    assert {libcst.__file__, markdown_it.__file__} <= set(_CODE_FILES)


def test_a_planted_row_is_a_miss(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": STALE})
    _json(run_cli, tmp_path)
    [(key, _, _)] = _rows(tmp_path)
    forged = json.dumps({"findings": [], "notes": []})
    with sqlite3.connect(tmp_path / ".vocab-lint-cache" / "results.sqlite3") as connection:
        connection.execute("UPDATE entries SET value = ? WHERE key = ?", (forged, key))
    code, report, _ = _json(run_cli, tmp_path)
    assert code == 1 and [f["matched"] for f in report["findings"]] == ["ThrottleManager"]


def _plant(root: Path, finding: Finding) -> None:
    """Store a row for `a.py` signed with this user's own key: the strongest forgery there can be."""
    from lint.config import find_settings, vocabulary_of
    from lint.findings import FileResult

    vocabulary = vocabulary_of(find_settings(root), quick=True)
    job = runner.make_jobs([root / "a.py"], root, root)[0]
    key = cache_key(content_digest((root / "a.py").read_bytes()), job.display, job.scope_path, vocabulary.digest)
    ResultCache(root).store([(key, FileResult("a.py", (finding,)))])


def test_a_signed_row_whose_spans_do_not_hold_is_a_miss(tmp_path: Path, run_cli: Any, engine: Engine) -> None:
    write(tmp_path, {"a.py": "x = 1\n" + STALE})
    real = scan_python("x = 1\n" + STALE, "a.py", engine, engine.scope_for("a.py"))[0]
    from dataclasses import replace

    _plant(tmp_path, replace(real, line=1, column=1, end_column=16, matched="ThrottleManager"))
    _, report, _ = _json(run_cli, tmp_path)
    assert [(f["line"], f["column"]) for f in report["findings"]] == [(2, 5)]


def test_fix_never_trusts_a_cached_replacement(tmp_path: Path, run_cli: Any, engine: Engine) -> None:
    write(tmp_path, {"a.py": STALE})
    real = scan_python(STALE, "a.py", engine, engine.scope_for("a.py"))[0]
    from dataclasses import replace

    _plant(tmp_path, replace(real, replacement="__import__('os').system('true')"))
    run_cli("fix", cwd=tmp_path)
    assert (tmp_path / "a.py").read_text() == FIXED


def test_a_file_edited_during_a_run_is_cached_under_what_was_scanned(
    tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"a.py": STALE})
    original = runner.scan_file

    def edited_meanwhile(job: runner.Job, engine: Engine, **options: Any) -> Any:
        Path(job.path).write_text("clean = 1\n")
        return original(job, engine, **options)

    monkeypatch.setattr(runner, "scan_file", edited_meanwhile)
    assert _json(run_cli, tmp_path)[0] == 0  # the bytes scanned were clean
    monkeypatch.setattr(runner, "scan_file", original)
    (tmp_path / "a.py").write_text(STALE)
    code, report, _ = _json(run_cli, tmp_path)
    assert code == 1 and [f["matched"] for f in report["findings"]] == ["ThrottleManager"]


def test_a_linked_cache_folder_is_never_followed(tmp_path: Path, run_cli: Any) -> None:
    other = tmp_path / "other-repo"
    other.mkdir()
    project = write(tmp_path / "project", {"a.py": STALE})
    (project / ".vocab-lint-cache").symlink_to(other)
    assert _json(run_cli, project)[0] == 1
    assert list(other.iterdir()) == []
    assert run_cli("clean", cwd=project).code == 0
    assert not (project / ".vocab-lint-cache").exists() and other.is_dir()


def test_clean_removes_a_plain_file_named_like_the_cache(tmp_path: Path, run_cli: Any) -> None:
    (tmp_path / ".vocab-lint-cache").write_text("not a folder")
    assert _json(run_cli, tmp_path)[0] == 0
    result = run_cli("clean", cwd=tmp_path)
    assert result.code == 0 and not (tmp_path / ".vocab-lint-cache").exists()


def test_the_signing_key_lives_outside_the_project_and_is_private() -> None:
    secret = user_secret()
    assert secret is not None and len(secret) >= 32
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    assert stat.S_IMODE(Path(base, "vocab-lint", "secret").stat().st_mode) == 0o600


# Fixes ---------------------------------------------------------------------------------------


def test_fix_refuses_a_file_edited_while_it_was_being_fixed(
    tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lint.fix import apply

    write(tmp_path, {"a.py": STALE})
    original = apply.fix_source

    def edited_meanwhile(job: runner.Job, *args: Any, **kwargs: Any) -> Any:
        outcome = original(job, *args, **kwargs)
        Path(job.path).write_text("# an edit made in the editor\n" + STALE)
        return outcome

    monkeypatch.setattr(apply, "fix_source", edited_meanwhile)
    result = run_cli("fix", "--format", "json", cwd=tmp_path)
    assert (tmp_path / "a.py").read_text() == "# an edit made in the editor\n" + STALE
    messages = [f["message"] for f in json.loads(result.out)["findings"] if f["rule"] == "fix-refused"]
    assert messages == ["the file changed while it was being fixed; run the fix again"]


def test_fix_refuses_hard_links_unless_forced(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": STALE})
    os.link(tmp_path / "a.py", tmp_path / "twin.txt")
    run_cli("fix", "a.py", cwd=tmp_path)
    assert (tmp_path / "twin.txt").read_text() == STALE == (tmp_path / "a.py").read_text()
    run_cli("fix", "--force", "a.py", cwd=tmp_path)
    assert (tmp_path / "a.py").read_text() == FIXED and (tmp_path / "twin.txt").read_text() == STALE


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_fix_as_root_keeps_owner_and_group(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": STALE})
    os.chown(tmp_path / "a.py", 4321, 8765)
    run_cli("fix", cwd=tmp_path)
    status = (tmp_path / "a.py").stat()
    assert (tmp_path / "a.py").read_text() == FIXED
    assert (status.st_uid, status.st_gid) == (4321, 8765)


def test_fix_never_writes_through_a_linked_folder_named_on_the_command_line(tmp_path: Path, run_cli: Any) -> None:
    other = write(tmp_path / "other-repo", {"b.py": STALE})
    project = tmp_path / "project"
    project.mkdir()
    (project / "vendored").symlink_to(other)
    run_cli("fix", "vendored", cwd=project)
    assert (other / "b.py").read_text() == STALE


# Names, globs and outputs ----------------------------------------------------------------------


def test_file_names_that_are_not_utf8_or_hold_newlines_are_reported_escaped(tmp_path: Path) -> None:
    write(tmp_path, CAPACITY_FILE)
    (tmp_path / os.fsdecode(b"bad\xff.py")).write_text(STALE)
    (tmp_path / "two\nlines.md").write_text("The ThrottleManager is gone.\n")
    for output_format in ("text", "json", "junit", "sarif", "github", "gitlab"):
        result = _lint(tmp_path, "check", "--output-format", output_format, "--no-show-source")
        assert result.returncode == 1, (output_format, result.stderr)
        assert "internal error" not in result.stderr
    text = _lint(tmp_path, "check", "--no-show-source").stdout.splitlines()
    assert text[0].startswith("bad\\xff.py:1:5: removed-name")
    assert text[1].startswith("two\\nlines.md:1:5: removed-name")


@pytest.mark.parametrize("line", ["!", "\\"])
def test_unreadable_gitignore_lines_are_ignored_as_git_ignores_them(tmp_path: Path, run_cli: Any, line: str) -> None:
    write(tmp_path, {".gitignore": f"{line}\nignored.py\n", "ignored.py": STALE, "a.py": STALE})
    code, report, err = _json(run_cli, tmp_path)
    assert code == 1, err
    assert [f["path"] for f in report["findings"]] == ["a.py"]


def test_a_gitignore_of_twenty_thousand_lines_is_honoured(tmp_path: Path, run_cli: Any) -> None:
    """RE2, which pathspec matches with, refuses a pattern set that large: an internal error."""
    patterns = "".join(f"generated{i}/*.tmp\n" for i in range(20_000))
    write(tmp_path, {".gitignore": patterns + "ignored/\n", "ignored/b.py": STALE, "a.py": STALE})
    code, report, err = _json(run_cli, tmp_path)
    assert code == 1, err
    assert [f["path"] for f in report["findings"]] == ["a.py"]


def test_a_vocabulary_of_twenty_thousand_path_globs_is_honoured(tmp_path: Path, run_cli: Any) -> None:
    globs = ", ".join(f'"generated{i}/*.md"' for i in range(20_000))
    default = (CAPACITY).read_text(encoding="utf-8")
    start = default.index("  historical: [")
    vocabulary = default[:start] + f'  historical: ["old/**", {globs}]' + default[default.index("\n", start) :]
    write(tmp_path, {"vocab.yaml": vocabulary, "old/a.md": "The ThrottleManager.\n", "a.md": "The ThrottleManager.\n"})
    code, report, err = _json(run_cli, tmp_path)
    assert code == 1, err
    assert [f["path"] for f in report["findings"]] == ["a.md"]


def test_an_invalid_exclude_glob_is_a_usage_error(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"pyproject.toml": '[tool.vocab-lint]\nexclude = ["!"]\n', "a.py": STALE})
    result = run_cli("check", cwd=tmp_path)
    assert result.code == 2 and "pyproject.toml:2: exclude: Invalid git pattern: '!'" in result.err


def test_a_vocab_setting_of_the_wrong_type_says_so(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"pyproject.toml": "[tool.vocab-lint]\nvocab = 5\n"})
    result = run_cli("check", cwd=tmp_path)
    assert result.code == 2 and "vocab must be a string" in result.err


def test_outputs_are_created_with_the_umask_not_private(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": STALE})
    previous = os.umask(0o022)
    try:
        _lint(tmp_path, "check", "--output-format", "sarif", "-o", "report.sarif")
        _lint(tmp_path, "baseline")
        _lint(tmp_path, "glossary", "--output", "glossary.md")
    finally:
        os.umask(previous)
    for name in ("report.sarif", ".vocab-lint-baseline.json", "glossary.md"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644, name


def test_output_into_a_missing_folder_is_a_clear_error(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": STALE})
    result = run_cli("check", "-o", "missing/report.json", "--output-format", "json", cwd=tmp_path)
    assert result.code == 2
    assert result.err.startswith("vocab-lint: cannot write missing/report.json: No such file or directory")


def test_a_baseline_that_is_not_utf8_is_a_clear_error(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": STALE})
    (tmp_path / "base.json").write_bytes(b'{"version": 1, "findings": ["\xff"]}')
    result = run_cli("check", "--baseline", "base.json", cwd=tmp_path)
    assert result.code == 2 and "base.json: baseline is not UTF-8 text" in result.err


# A fix killed midway ----------------------------------------------------------------------------

KILL_AT_THE_21ST_RENAME = """
import os, signal, sys
from lint.cli import main

real_replace = os.replace
renames = 0

def replace(source, target):
    global renames
    renames += 1
    if renames == 21:  # the 21st file is written to its temporary file, not yet renamed
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(source, target)

os.replace = replace
sys.exit(main(["fix", "--jobs", "1", "--no-cache", "."]))
"""


@pytest.mark.slow
def test_killing_fix_midway_leaves_every_file_whole(tmp_path: Path) -> None:
    original = "".join(f"manager_{i} = ThrottleManager()  # the ThrottleManager\n" for i in range(50))
    fixed = original.replace("ThrottleManager", "RequestAdmissionController")
    write(tmp_path, CAPACITY_FILE)
    for index in range(40):
        (tmp_path / f"m{index:03}.py").write_text(original)
    process = subprocess.run([sys.executable, "-c", KILL_AT_THE_21ST_RENAME], cwd=tmp_path, env={
        **os.environ, "PYTHONPATH": str(REPO)}, timeout=300)  # fmt: skip
    assert process.returncode == -9
    contents = [p.read_text() for p in sorted(tmp_path.glob("m*.py"))]
    assert contents == [fixed] * 20 + [original] * 20


def test_terminal_escapes_in_a_scanned_line_are_shown_not_obeyed(tmp_path: Path, run_cli: Any) -> None:
    """`--show-source` prints what a file holds: an escape sequence, a carriage return or a
    line break inside matched text is written as an escape, and the caret stays under the span."""
    write(
        tmp_path,
        {"a.py": "x = 1  # \x1b[2J the ThrottleManager \x1b]0;owned\x07\n", "b.md": "A connection\npool.\n"},
    )
    result = run_cli("check", "--no-cache", "--show-source", "a.py", "b.md", cwd=tmp_path)
    assert "\x1b" not in result.out and "\x07" not in result.out
    lines = result.out.splitlines()
    source, caret = lines[1], lines[2]
    assert source == "    x = 1  # \\x1b[2J the ThrottleManager \\x1b]0;owned\\x07"
    assert source[caret.index("^") : caret.rindex("^") + 1] == "ThrottleManager"
    # A message quoting text wrapped across lines stays on its own line.
    assert (
        "b.md:1:3: non-canonical-term [transport-pool] [*] 'connection\\npool' is not the canonical term" in result.out
    )
