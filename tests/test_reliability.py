"""Bad inputs, hostile vocabularies, interrupted fixes and fuzzing: nothing crashes, nothing is lost."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint.engine.engine import Engine
from lint.engine.matcher import Matcher
from lint.engine.prefilter import Prefilter
from lint.errors import VocabularyError
from lint.findings import Finding
from lint.formats import MARKDOWN, PYTHON
from lint.formats.markdown.scanner import scan_markdown
from lint.formats.python.scanner import scan_python
from lint.text.words import word_tuple
from lint.vocabulary.load import parse_vocabulary

from .conftest import CAPACITY_FILE, write

STALE = "m = ThrottleManager()\n"

FUZZ = settings(
    max_examples=int(os.environ.get("VOCAB_LINT_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _json(run_cli: Any, cwd: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    result = run_cli("check", "--format", "json", *args, cwd=cwd)
    return result.code, json.loads(result.out), result.err


def test_bad_files_never_crash_a_run(tmp_path: Path, run_cli: Any) -> None:
    files = {
        "invalid_utf8.py": b"x = '\xff\xfe'\nm = ThrottleManager()\n",
        "cookie.py": b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\nm = ThrottleManager()\n",
        "bom.py": b"\xef\xbb\xbfm = ThrottleManager()\n",
        "utf16.md": "The ThrottleDomain is gone.\n".encode("utf-16"),
        "binary.py": b"\x00\x01\x02ThrottleManager\x00",
        "empty.py": b"",
        "one_long_line.py": b"x = '" + b"a" * 1_000_000 + b"'; m = ThrottleManager()\n",
        "nested.py": b"x = " + b"[" * 5000 + b"1" + b"]" * 5000 + b"\nm = ThrottleManager()\n",
        "with space/naïve file.md": b"The ThrottleDomain.\n",
    }
    for name, data in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    code, report, err = _json(run_cli, tmp_path)
    assert code == 1
    by_path: dict[str, list[str]] = {}
    for finding in report["findings"]:
        by_path.setdefault(finding["path"], []).append(finding["rule"])
    for name in [
        "invalid_utf8.py",
        "cookie.py",
        "bom.py",
        "utf16.md",
        "one_long_line.py",
        "nested.py",
        "with space/naïve file.md",
    ]:
        assert "removed-name" in by_path[name], name
    assert "parse-error" in by_path["nested.py"]
    assert "binary.py" not in by_path and "empty.py" not in by_path
    assert report["summary"]["files_skipped"] == 1
    assert "invalid_utf8.py: not valid UTF-8: scanned with replacement characters" in err


def test_a_twenty_megabyte_python_file(tmp_path: Path, run_cli: Any) -> None:
    line = "value_{0} = compute({0}, 'some text to make the line longer')  # padding\n"
    body = "".join(line.format(i) for i in range(280_000))
    (tmp_path / "big.py").write_text(body + STALE)
    assert (tmp_path / "big.py").stat().st_size > 20_000_000
    code, report, _ = _json(run_cli, tmp_path)
    assert code == 1
    rules = [f["rule"] for f in report["findings"]]
    assert rules.count("removed-name") == 1 and "parse-error" in rules


def _as_unprivileged(command: list[str]) -> list[str]:
    """Root reads every folder; in a new user namespace it is nobody to the real files."""
    if os.geteuid() != 0:
        return command
    if shutil.which("unshare") is None:
        pytest.skip("root needs unshare (util-linux) to meet a folder it may not read")
    return ["unshare", "--user", *command]


def test_permission_denied_folder() -> None:
    """A folder the run cannot read is an `io-error` finding, which fails the gate by itself:
    a misconfigured CI must not pass what it never read."""
    folder = Path(tempfile.mkdtemp(prefix="vocab-lint-perm-", dir="/tmp"))
    try:
        os.chmod(folder, 0o755)
        write(folder, {**CAPACITY_FILE, "ok/a.py": "x = 1\n", "locked/b.py": STALE})
        os.chmod(folder / "locked", 0)
        command = _as_unprivileged([sys.executable, "-m", "lint", "check", "--format", "json", "--no-cache"])
        result = subprocess.run(command, cwd=folder, capture_output=True, text=True)
        if result.stderr.startswith("unshare:"):
            pytest.skip(f"no unprivileged run possible here: {result.stderr.strip()[:200]}")
        report = json.loads(result.stdout)
        assert result.returncode == 1, result.stderr  # nothing stale was read: the unread folder fails it
        assert [(f["path"], f["rule"], f["severity"]) for f in report["findings"]] == [("locked", "io-error", "error")]
        assert report["findings"][0]["message"].startswith("cannot read folder: Permission denied")
    finally:
        os.chmod(folder / "locked", 0o755)
        shutil.rmtree(folder)


def test_unreadable_and_vanishing_files_are_reported(tmp_path: Path, engine: Engine) -> None:
    from lint.runner import Job, scan_file

    gone = scan_file(Job(str(tmp_path / "gone.py"), "gone.py", "gone.py"), engine)
    assert gone.error is not None and "cannot read" in gone.error
    assert [(f.rule.value, f.severity.value, f.path) for f in gone.findings] == [("io-error", "error", "gone.py")]
    folder = tmp_path / "dir.py"
    folder.mkdir()
    assert scan_file(Job(str(folder), "dir.py", "dir.py"), engine).error is not None


def test_symlink_loops_and_links_outside_are_not_followed(tmp_path: Path, run_cli: Any) -> None:
    outside = write(tmp_path / "outside", {"secret.py": STALE})
    project = write(tmp_path / "project", {"a.py": "ok = 1\n"})
    (project / "loop").symlink_to(project, target_is_directory=True)
    (project / "out").symlink_to(outside, target_is_directory=True)
    (project / "out.py").symlink_to(outside / "secret.py")
    code, report, _ = _json(run_cli, project)
    assert code == 0 and report["summary"]["files_scanned"] == 1


def test_exit_code_2_only_for_usage_and_vocabulary(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": "x = 1\n", "bin.py": "\0\0\0"})
    assert run_cli("check", cwd=tmp_path).code == 0
    write(tmp_path, {"vocab.yaml": "version: 1\nname: x\nterms: 3\n"})
    assert run_cli("check", cwd=tmp_path).code == 2


def test_yaml_tags_construct_nothing(tmp_path: Path) -> None:
    text = "version: 1\nname: !!python/object/apply:os.system ['touch pwned']\nterms: []\n"
    with pytest.raises(VocabularyError) as raised:
        parse_vocabulary(text, "vocab.yaml")
    assert "vocab.yaml:2:" in str(raised.value)
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


def test_huge_vocabulary_file_is_refused_quickly(tmp_path: Path, run_cli: Any) -> None:
    path = tmp_path / "vocab.yaml"
    path.write_text("version: 1\nname: big\nterms: []\n# " + "x" * 6_000_000 + "\n")
    started = time.monotonic()
    result = run_cli("check", cwd=tmp_path)
    assert result.code == 2 and "a vocabulary may be at most" in result.err
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("pattern", ["(a)\\1", "(?<=x)old", "x(?!y)"])
def test_patterns_that_need_backtracking_are_rejected_at_load_time(pattern: str) -> None:
    text = f"version: 1\nname: x\nterms: []\nremoved:\n  - name: old\n    pattern: '{pattern}'\n"
    with pytest.raises(VocabularyError) as raised:
        parse_vocabulary(text, "vocab.yaml")
    assert "vocab.yaml:6:14: invalid regular expression" in str(raised.value)


@pytest.mark.parametrize("pattern", ["((a+))+$", "(a+)+$", "(x|xy)*z", "(\\w+\\s?)+$"])
def test_patterns_that_backtrack_in_python_run_in_linear_time(tmp_path: Path, run_cli: Any, pattern: str) -> None:
    # With a backtracking engine each of these takes 2**60 steps on this line: the run would never end.
    write(tmp_path, {
        "vocab.yaml": f"version: 1\nname: x\nterms: []\nremoved:\n  - name: old\n    pattern: '{pattern}'\n",
        "a.md": "Text " + "a" * 60 + "!\n",
    })  # fmt: skip
    code, report, _ = _json(run_cli, tmp_path)
    assert code == 0, report


def test_thousands_of_terms_load_and_scan(tmp_path: Path, run_cli: Any) -> None:
    removed = "".join(f"  - name: LegacyThing{i}Manager\n" for i in range(3000))
    write(tmp_path, {
        "vocab.yaml": "version: 1\nname: big\nterms: []\nremoved:\n" + removed,
        "a.py": "x = LegacyThing1234Manager()\ny = legacy_thing_2999_manager\n",
        "b.py": "nothing = 'to see'\n",
    })  # fmt: skip
    code, report, _ = _json(run_cli, tmp_path)
    assert code == 1
    assert [f["term"] for f in report["findings"]] == ["legacy-thing-1234-manager", "legacy-thing-2999-manager"]


def test_fix_never_writes_outside_the_scanned_paths(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"inside/a.py": STALE, "outside/b.py": STALE})
    (tmp_path / "inside" / "link.py").symlink_to(tmp_path / "outside" / "b.py")
    run_cli("fix", "inside", cwd=tmp_path)
    assert (tmp_path / "inside/a.py").read_text() == "m = RequestAdmissionController()\n"
    assert (tmp_path / "outside/b.py").read_text() == STALE


def test_tooltips_escape_markup(tmp_path: Path) -> None:
    import markdown

    write(tmp_path, {"vocab.yaml": (
        "version: 1\nname: x\nterms:\n  - name: transport pool\n    category: c\n"
        "    definition: 'Sockets \"<img src=x onerror=alert(1)>\" & sessions.'\n"
    )})  # fmt: skip
    html = markdown.markdown(
        "The transport pool is big.",
        extensions=["lint.markdown_extension"],
        extension_configs={"lint.markdown_extension": {"vocabulary": str(tmp_path / "vocab.yaml")}},
    )
    assert "<img" not in html
    assert 'title="Sockets &quot;&lt;img src=x onerror=alert(1)&gt;&quot; &amp; sessions."' in html


# Fuzzing --------------------------------------------------------------------------------

VOCAB_WORDS = ["throttle", "manager", "ThrottleManager", "llm_wait", "ThrottleDomain", "record window",
               "buffer_size", "concurrency", "not", "rate limiter", "throttled", "x", "é", "LLM-wait"]  # fmt: skip
MARKUP = ["\n", "\n\n", "```", "```python\n", "~~~", "`", "<!--", "-->", "<div>", "</div>", "[", "](", ")", "#",
          "> ", "- ", "1. ", "|", "---\n", "!!! note\n    ", "=== \"Tab\"\n\n    ", "*", "_", "http://x.io/",
          "<!-- vocab-lint: allow -->", "<!-- vocab-lint: off -->", "<!-- vocab-lint: historical -->", " ", ". ",
          "[a](throttle_manager.md 'ThrottleDomain')", "[ThrottleManager][]", "[x][ThrottleManager]", "&amp;", "\\*",
          '[ThrottleManager]: throttle_manager.md "ThrottleDomain"\n', "**", "<b>", "</b>", "<pre>\nThrottleManager\n</pre>\n",
          '<img alt="ThrottleManager" src="throttle_manager.png">', "<summary>ThrottleManager</summary>\n", "`a\nb`",
          "<Note>", "</Note>", "{ThrottleManager}", "{/* x */}", "import { ThrottleManager } from 'x'\n", '=== "x y"\n']  # fmt: skip


def _check_spans(text: str, findings: list[Finding]) -> None:
    lines = text.split("\n")
    for finding in findings:
        if finding.line == finding.end_line and finding.matched and "\r" not in finding.matched:
            line = lines[finding.line - 1]
            assert line[finding.column - 1 : finding.end_column - 1] == finding.matched, finding


@FUZZ
@given(
    st.lists(st.sampled_from(VOCAB_WORDS + MARKUP), min_size=4, max_size=40).map("".join),
    st.sampled_from(["md", "mdx"]),
)
def test_fuzz_markdown_scanner_and_fixes(engine: Engine, text: str, suffix: str) -> None:
    """Every finding at its text, and what a fix leaves has nothing left to fix: a finding
    placed inside a code span's or link's text was fixed there, and the real one found next."""
    from lint.fix.edits import fix_text

    path = f"docs/page.{suffix}"
    findings = scan_markdown(text, path, engine, engine.scope_for(path))
    _check_spans(text, findings)
    fixed = fix_text(text, findings, file_format=MARKDOWN).fixed
    assert (
        fix_text(fixed, scan_markdown(fixed, path, engine, engine.scope_for(path)), file_format=MARKDOWN).fixed == fixed
    )


PYTHON_PIECES = ["ThrottleManager", "throttle_manager", "(", ")", "[", "]", ":", "\n", "    ", "'", '"', '"""', "#",
                 " = ", "def ", "class ", "import ", "from ", ".", ",", "f'{", "}'", "\\", "x", "1", "RunConfig(throttle=1)",
                 "x = ThrottleManager; y = throttle_manager\n", "# ThrottleManager\n", "del throttle_manager\n"]  # fmt: skip


@FUZZ
@given(st.lists(st.sampled_from(PYTHON_PIECES + VOCAB_WORDS), max_size=40).map("".join))
def test_fuzz_python_scanner_and_fixes(engine: Engine, text: str) -> None:
    from lint.fix.edits import fix_text

    findings = scan_python(text, "pkg/m.py", engine, engine.scope_for("pkg/m.py"))
    _check_spans(text, findings)
    result = fix_text(text, findings, file_format=PYTHON)
    if result.applied:
        again = scan_python(result.fixed, "pkg/m.py", engine, engine.scope_for("pkg/m.py"))
        assert fix_text(result.fixed, again, file_format=PYTHON).fixed == result.fixed


YAML_PIECES = ["version: 1\n", "name: x\n", "terms:\n", "  - name: a\n", "    category: c\n", "    definition: d\n",
               "removed:\n", "  - name: b\n", "    replacement: a\n", "    pattern: '(a+)+'\n", "&x ", "*x", "!!str ",
               "{", "}", "[", "]", ": ", "- ", "\t", "'", '"', "#", "\n", "~", "null", "3", "see_also: [zz]\n"]  # fmt: skip


@FUZZ
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=30).map("".join))
def test_fuzz_vocabulary_loader(text: str) -> None:
    try:
        parse_vocabulary(text, "vocab.yaml")
    except VocabularyError as error:
        assert all(problem.startswith("vocab.yaml:") for problem in error.problems)


@FUZZ
@given(st.lists(st.sampled_from(["alpha", "beta", "Gamma", "delta_", "X", "-", " ", "."]), max_size=20).map("".join))
def test_fuzz_prefilter_with_many_words(text: str) -> None:
    phrases = [word_tuple(f"alpha beta {i}") for i in range(100)] + [word_tuple("gamma delta")]
    matcher: Matcher[int] = Matcher()
    for index, phrase in enumerate(phrases):
        matcher.add_phrase(phrase, index)
    prefilter = Prefilter(phrases)
    if matcher.find(text):
        assert prefilter.may_match(text)
