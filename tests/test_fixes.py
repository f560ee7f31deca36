"""Safe fixes: style-preserving renames, refusals, diff preview and lossless writes (`docs/fixes.md`)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import libcst as cst
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint.engine.engine import Engine
from lint.fix.edits import fix_text
from lint.formats import MARKDOWN, PYTHON
from lint.formats.markdown.scanner import scan_markdown
from lint.formats.python.scanner import scan_python

from .conftest import CAPACITY, CAPACITY_FILE, DATA, write

MINIMAL_RENAME = """version: 1
name: renames
terms: []
removed:
  - {name: ThrottleManager, replacement: RequestAdmissionController}
"""


def _fix_python(engine: Engine, source: str, path: str = "pkg/mod.py") -> str:
    findings = scan_python(source, path, engine, engine.scope_for(path))
    return fix_text(source, findings, file_format=PYTHON).fixed


def _fix_markdown(engine: Engine, source: str, path: str = "docs/page.md") -> str:
    findings = scan_markdown(source, path, engine, engine.scope_for(path))
    return fix_text(source, findings, file_format=MARKDOWN).fixed


PYTHON_PAIRS = [
    pytest.param("m = ThrottleManager()\n", "m = RequestAdmissionController()\n", id="pascal"),
    pytest.param("throttle_manager = 1\n", "request_admission_controller = 1\n", id="snake"),
    pytest.param("_throttle_manager = 1\n", "_request_admission_controller = 1\n", id="leading-underscore"),
    pytest.param("THROTTLE_MANAGER_LIMIT = 4\n", "REQUEST_ADMISSION_CONTROLLER_LIMIT = 4\n", id="screaming-embedded"),
    pytest.param("throttleManager = None\n", "requestAdmissionController = None\n", id="camel"),
    pytest.param(
        "def _create_throttle_manager(): ...\n", "def _create_request_admission_controller(): ...\n", id="embedded"
    ),
    pytest.param("self.throttle_domain = x\n", "self.request_domain = x\n", id="attribute"),
    pytest.param("RunConfig(throttle=cfg)\n", "RunConfig(request_admission=cfg)\n", id="member-keyword"),
    pytest.param("print(RunConfig.throttle)\n", "print(RunConfig.request_admission)\n", id="member-attribute"),
    pytest.param(
        "from pkg.client import ThrottledModelClient as C\n",
        "from pkg.client import ModelRequestExecutor as C\n",
        id="import-name",
    ),
    pytest.param(
        "from a.models.clients.request_admission import X\n",
        "from a.models.request_admission import X\n",
        id="moved-module-import",
    ),
    pytest.param(
        'path = "a.dataset_builders.utils.task_model"\n',
        'path = "a.dataset_builders.scheduling.task_model"\n',
        id="moved-module-string",
    ),
    pytest.param('__all__ = ["ThrottleDomain"]\n', '__all__ = ["RequestDomain"]\n', id="all-string"),
    pytest.param(
        'names = (\n    b"ThrottleDomain",\n    "ThrottleDomain",\n)\n',
        'names = (\n    b"ThrottleDomain",\n    "RequestDomain",\n)\n',
        id="bytes-of-the-same-text-left-alone",
    ),
    pytest.param(
        'def f():\n    """Create the throttle manager."""\n',
        'def f():\n    """Create the request admission controller."""\n',
        id="docstring-prose",
    ),
    pytest.param(
        "x = 1  # Throttle manager below\n",
        "x = 1  # Request admission controller below\n",
        id="comment-sentence-start",
    ),
    pytest.param("x = 1  # keep the rate limiter\n", "x = 1  # keep the request admission\n", id="avoid-in-comment"),
    pytest.param("c = ThrottleConfig()\n", "c = RequestAdmissionTuningConfig()\n", id="deprecated"),
    pytest.param(
        "m = ThrottleManager()  # vocab-lint: allow[throttle-manager]\n",
        "m = ThrottleManager()  # vocab-lint: allow[throttle-manager]\n",
        id="suppressed-is-not-fixed",
    ),
    pytest.param("held_llm_wait = 0\n", "held_llm_wait = 0\n", id="no-replacement-no-fix"),
    pytest.param(
        "from engine.throttle_manager import x\n",
        "from engine.throttle_manager import x\n",
        id="module-path-is-not-renamed",
    ),
]


@pytest.mark.parametrize(("before", "after"), PYTHON_PAIRS)
def test_python_before_after_and_idempotent(engine: Engine, before: str, after: str) -> None:
    fixed = _fix_python(engine, before)
    assert fixed == after
    assert _fix_python(engine, fixed) == fixed


MARKDOWN_PAIRS = [
    pytest.param("The throttle manager holds calls.\n", "The request admission controller holds calls.\n", id="prose"),
    pytest.param(
        "Throttle manager limits are gone.\n", "Request admission controller limits are gone.\n", id="sentence-start"
    ),
    pytest.param("# ThrottleDomain values\n", "# RequestDomain values\n", id="heading"),
    pytest.param("Use `ThrottleDomain.CHAT`.\n", "Use `RequestDomain.CHAT`.\n", id="inline-code"),
    pytest.param("Row group admission grows.\n", "Row-group admission grows.\n", id="hyphenation"),
    pytest.param("The connection pool is large.\n", "The transport pool is large.\n", id="avoid-variant"),
    pytest.param(
        "```python\nm = ThrottleManager()  # keep\n```\n",
        "```python\nm = RequestAdmissionController()  # keep\n```\n",
        id="python-block",
    ),
    pytest.param(
        "See [the old page](src/throttle_manager.py).\n",
        "See [the old page](src/throttle_manager.py).\n",
        id="link-target-not-rewritten",
    ),
    pytest.param(
        "# Guide\n\n## History\n\nThe ThrottleManager went away.\n",
        "# Guide\n\n## History\n\nThe ThrottleManager went away.\n",
        id="historical-section-untouched",
    ),
    pytest.param(
        "<!-- vocab-lint: allow[throttle-manager] -->\nThe ThrottleManager went away.\n",
        "<!-- vocab-lint: allow[throttle-manager] -->\nThe ThrottleManager went away.\n",
        id="suppressed-block-untouched",
    ),
    pytest.param(
        '<p align="center">\n<img src="throttle_manager.png" alt="The ThrottleManager">\nThe ThrottleManager.\n</p>\n',
        '<p align="center">\n<img src="throttle_manager.png" alt="The RequestAdmissionController">\n'
        "The RequestAdmissionController.\n</p>\n",
        id="html-block-text-and-alt",
    ),
    pytest.param(
        "The ThrottleManager &amp; co.\n", "The RequestAdmissionController &amp; co.\n", id="beside-an-entity"
    ),
    pytest.param(  # the text is the label: renamed alone, each link would fall apart into plain text
        "See [ThrottleManager][] and [ThrottleManager].\n\n[ThrottleManager]: https://example.com/x\n",
        "See [ThrottleManager][] and [ThrottleManager].\n\n[ThrottleManager]: https://example.com/x\n",
        id="reference-labels-untouched",
    ),
    pytest.param(
        'See [the guide][g].\n\n[g]: docs/throttle_manager.md "The ThrottleManager guide"\n',
        'See [the guide][g].\n\n[g]: docs/throttle_manager.md "The RequestAdmissionController guide"\n',
        id="definition-title",
    ),
    pytest.param(  # the text after the link was looked for from the link's text on: found in its label
        "See [b][ThrottleManager]ThrottleManager\n\n[ThrottleManager]: y.md\n",
        "See [b][ThrottleManager]RequestAdmissionController\n\n[ThrottleManager]: y.md\n",
        id="text-after-a-full-reference",
    ),
    pytest.param(
        "See ![b][ThrottleManager]ThrottleManager\n\n[ThrottleManager]: y.png\n",
        "See ![b][ThrottleManager]RequestAdmissionController\n\n[ThrottleManager]: y.png\n",
        id="text-after-a-referenced-image",
    ),
    pytest.param(
        '=== "ThrottleManager tab"\n\n    See [x](a.md "The ThrottleManager").\n',
        '=== "RequestAdmissionController tab"\n\n    See [x](a.md "The RequestAdmissionController").\n',
        id="tab-and-link-titles",
    ),
]


@pytest.mark.parametrize(("before", "after"), MARKDOWN_PAIRS)
def test_markdown_before_after_and_idempotent(engine: Engine, before: str, after: str) -> None:
    fixed = _fix_markdown(engine, before)
    assert fixed == after
    assert _fix_markdown(engine, fixed) == fixed


OLD_NAMES = ["ThrottleManager", "throttle_manager", "THROTTLE_MANAGER", "ThrottleDomain", "throttleManager",
             "ThrottledModelClient", "SchedulingHint", "ThrottleConfig", "SchedulingHintResolver"]  # fmt: skip
NEW_NAMES = ["value", "other", "data", "RequestDomain"]


@st.composite
def old_vocabulary_modules(draw: st.DrawFn) -> str:
    def name() -> str:
        base = draw(st.sampled_from(OLD_NAMES + NEW_NAMES))
        return draw(st.sampled_from(["", "_", "make_", "get_"])) + base + draw(st.sampled_from(["", "_x", "2"]))

    lines = []
    for _ in range(draw(st.integers(1, 8))):
        template = draw(
            st.sampled_from(
                [
                    "{a} = {b}\n",
                    "def {a}({b}):\n    return {b}\n",
                    "class {a}:\n    {b} = 1\n",
                    "x = {a}.{b}\n",
                    "{a}({b}={c})\n",
                    "from pkg.{a} import {b} as {c}\n",
                    "y = '{a} and {b}'\n",
                    "z = 1  # the {a} calls {b}\n",
                    "RunConfig(throttle={a})\n",
                ]
            )
        )
        lines.append(template.format(a=name(), b=name(), c=name()))
    return "".join(lines)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(old_vocabulary_modules())
def test_fixing_random_old_code_parses_and_leaves_nothing_fixable(engine: Engine, source: str) -> None:
    findings = scan_python(source, "pkg/mod.py", engine, engine.scope_for("pkg/mod.py"))
    result = fix_text(source, findings, file_format=PYTHON)
    cst.parse_module(result.fixed)
    if result.refusal is None:
        left = scan_python(result.fixed, "pkg/mod.py", engine, engine.scope_for("pkg/mod.py"))
        assert not [f for f in left if f.fixable], left
        again = fix_text(result.fixed, left, file_format=PYTHON)
        assert again.fixed == result.fixed
    else:
        assert result.fixed == source


def test_collision_is_refused_and_reported(tmp_path: Path, run_cli: Any) -> None:
    source = "class ThrottleManager: ...\nclass RequestAdmissionController: ...\n"
    write(tmp_path, {"a.py": source, "b.py": "m = ThrottleManager()\n"})
    result = run_cli("fix", "--no-show-source", cwd=tmp_path)
    assert (tmp_path / "a.py").read_text() == source
    assert (tmp_path / "b.py").read_text() == "m = RequestAdmissionController()\n"
    assert (
        "a.py:1:1: fix-refused [fix] renaming 'ThrottleManager' to 'RequestAdmissionController' would collide"
        in result.out
    )
    assert result.code == 1


def test_a_keyword_as_a_replacement_in_code_is_refused(tmp_path: Path, run_cli: Any) -> None:
    """`old_value = 1` renamed to `lambda = 1` would not parse: a keyword is not a name."""
    vocab = (
        "version: 1\nname: demo\nterms:\n  - name: lambda\n    category: c\n    definition: d\n"
        "removed:\n  - name: old_value\n    replacement: lambda\n"
    )
    write(tmp_path, {"vocab.yaml": vocab, "a.py": "old_value = 1\n"})
    result = run_cli("fix", "--no-show-source", cwd=tmp_path)
    assert (tmp_path / "a.py").read_text() == "old_value = 1\n"
    assert "fix-refused" in result.out and "the replacement 'lambda' is not a name" in result.out


def test_unsafe_fixes_need_the_flag(tmp_path: Path, run_cli: Any) -> None:
    vocab = (
        "version: 1\nname: demo\nterms:\n  - name: new thing\n    category: c\n    definition: d\n"
        "removed:\n  - name: OldThing\n    replacement: NewThing\n    safe: false\n"
    )
    write(tmp_path, {"vocab.yaml": vocab, "a.py": "x = OldThing()\n"})
    run_cli("fix", cwd=tmp_path)
    assert (tmp_path / "a.py").read_text() == "x = OldThing()\n"
    run_cli("fix", "--unsafe-fixes", cwd=tmp_path)
    assert (tmp_path / "a.py").read_text() == "x = NewThing()\n"


def test_diff_writes_nothing_and_exits_1(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": "m = ThrottleManager()\n", "b.py": "ok = 1\n"})
    result = run_cli("check", "--diff", cwd=tmp_path)
    assert result.code == 1
    assert result.out == (
        "--- a/a.py\n+++ b/a.py\n@@ -1 +1 @@\n-m = ThrottleManager()\n+m = RequestAdmissionController()\n"
    )
    assert "Would fix 1 finding in 1 file; 0 remain." in result.err
    assert (tmp_path / "a.py").read_text() == "m = ThrottleManager()\n"
    clean = run_cli("check", "--diff", "b.py", cwd=tmp_path)
    assert (clean.code, clean.out) == (0, "")


def test_line_endings_bom_and_permissions_survive(tmp_path: Path, run_cli: Any) -> None:
    crlf = tmp_path / "crlf.py"
    crlf.write_bytes(b"a = 1\r\nm = ThrottleManager()\r\n")
    bom = tmp_path / "bom.md"
    bom.write_bytes(b"\xef\xbb\xbfThe ThrottleDomain is gone.\n")
    latin = tmp_path / "latin.py"
    latin.write_bytes(b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\nm = ThrottleManager()\n")
    os.chmod(crlf, 0o751)
    result = run_cli("fix", cwd=tmp_path)
    assert result.code == 0, result.out
    assert crlf.read_bytes() == b"a = 1\r\nm = RequestAdmissionController()\r\n"
    assert stat.S_IMODE(crlf.stat().st_mode) == 0o751
    assert bom.read_bytes() == b"\xef\xbb\xbfThe RequestDomain is gone.\n"
    assert latin.read_bytes() == b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\nm = RequestAdmissionController()\n"
    assert not list(tmp_path.glob(".*.vocab-lint"))


def test_untouched_files_keep_their_mtime(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"clean.py": "ok = 1\n", "warn.py": "x = held_llm_wait\n", "fix.py": "m = ThrottleManager()\n"})
    old = 1_000_000_000
    for name in ("clean.py", "warn.py"):
        os.utime(tmp_path / name, (old, old))
    run_cli("fix", cwd=tmp_path)
    assert (tmp_path / "clean.py").stat().st_mtime == old
    assert (tmp_path / "warn.py").stat().st_mtime == old
    assert (tmp_path / "fix.py").read_text() == "m = RequestAdmissionController()\n"


def test_symlinks_and_read_only_files_are_reported_not_forced(tmp_path: Path, run_cli: Any) -> None:
    write(
        tmp_path,
        {
            "target/real.py": "m = ThrottleManager()\n",
            "ro.py": "m = ThrottleManager()\n",
            "ok.py": "m = ThrottleManager()\n",
        },
    )
    (tmp_path / "link.py").symlink_to(tmp_path / "target" / "real.py")
    os.chmod(tmp_path / "ro.py", 0o444)
    result = run_cli("fix", "link.py", "ro.py", "ok.py", "--no-show-source", cwd=tmp_path)
    assert (tmp_path / "target/real.py").read_text() == "m = ThrottleManager()\n"
    assert (tmp_path / "ro.py").read_text() == "m = ThrottleManager()\n"
    assert (tmp_path / "ok.py").read_text() == "m = RequestAdmissionController()\n"
    assert "link.py:1:1: fix-refused [fix] the file is a symbolic link" in result.out
    assert "ro.py:1:1: fix-refused [fix] the file is read-only" in result.out


@pytest.mark.slow
def test_fixed_legacy_fixture_still_imports_and_passes_its_tests(tmp_path: Path, run_cli: Any) -> None:
    project = tmp_path / "legacy"
    shutil.copytree(DATA / "legacy_engine", project)
    shutil.copytree(DATA / "legacy_docs" / "docs", project / "docs")
    vocab = str(CAPACITY)

    def own_tests() -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(project)}
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
        return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)

    assert own_tests().returncode == 0
    run_cli("fix", "--vocab", vocab, cwd=project)
    after = run_cli("check", "--vocab", vocab, "--format", "json", cwd=project)
    import json

    remaining: list[dict[str, Any]] = json.loads(after.out)["findings"]
    assert remaining
    assert not [f for f in remaining if f["fixable"]]
    assert {f["rule"] for f in remaining} <= {
        "removed-name",
        "moved-module",
        "prose-word",
        "conflated-terms",
        "internal-term-in-public-docs",
    }
    assert own_tests().returncode == 0, own_tests().stdout
    second = run_cli("fix", "--vocab", vocab, "--diff", cwd=project)
    assert (second.code, second.out) == (0, "")


def test_a_replacement_the_file_s_encoding_cannot_hold_is_refused_and_the_run_goes_on(
    tmp_path: Path, run_cli: Any
) -> None:
    vocabulary = MINIMAL_RENAME.replace("replacement: RequestAdmissionController", "replacement: ŁadmissionGate")
    write(tmp_path, {"vocab.yaml": vocabulary, "b.py": "x = ThrottleManager()\n"})
    (tmp_path / "a.py").write_bytes("# -*- coding: latin-1 -*-\n# caf\xe9\nx = ThrottleManager()\n".encode("latin-1"))
    before = (tmp_path / "a.py").read_bytes()
    result = run_cli("fix", "--no-cache", "--no-show-source", cwd=tmp_path)
    assert result.code == 1 and "Traceback" not in result.err, result.err
    assert (
        "a.py:1:1: fix-refused [fix] a replacement holds 'Ł', which the file's encoding (iso-8859-1) cannot hold"
        in result.out
    )
    assert (tmp_path / "a.py").read_bytes() == before
    assert (tmp_path / "b.py").read_text() == "x = ŁadmissionGate()\n"  # the next file is fixed


@pytest.mark.slow
def test_a_write_that_fails_is_reported_per_file_and_the_run_goes_on(tmp_path: Path) -> None:
    """A file-size limit (as a full disk would) makes the write of the larger file fail."""
    write(tmp_path, {**CAPACITY_FILE, "big.py": "x = ThrottleManager()\n" + "# padding\n" * 20_000})
    write(tmp_path, {"small.py": "x = ThrottleManager()\n"})
    before = (tmp_path / "big.py").read_bytes()
    limit = "import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
    limit += "resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000)); "
    limit += "from lint.cli import entry_point; sys.argv = ['vocab-lint', 'fix', '--no-cache', '--no-show-source']; entry_point()"
    result = subprocess.run([sys.executable, "-c", limit], cwd=tmp_path, capture_output=True, text=True)
    assert "Traceback" not in result.stderr, result.stderr
    assert (
        "big.py:1:1: fix-refused [fix] the file could not be written (File too large); it is unchanged" in result.stdout
    )
    assert (tmp_path / "big.py").read_bytes() == before
    assert (tmp_path / "small.py").read_text() == "x = RequestAdmissionController()\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".vocab-lint")]  # no temporary file left


@pytest.mark.parametrize(
    ("source", "replacement", "refusal"),
    [
        pytest.param("value = ThrottleManager\n", "None;__import__('os')", "is not a name", id="statement-in-code"),
        pytest.param(
            'label = "ThrottleManager"\n', 'x", __import__("os").system("id"), "', "holds a quote", id="string-break"
        ),
        pytest.param("run(ThrottleManager)\n", "os.system('id')", "is not a name", id="call-in-code"),
    ],
)
def test_a_replacement_that_is_more_than_a_name_is_refused(
    tmp_path: Path, run_cli: Any, source: str, replacement: str, refusal: str
) -> None:
    """A vocabulary cannot add code through a rename: in code a replacement must be a name or
    a constant, in a string it holds no quote (a fix would end the string)."""
    vocabulary = MINIMAL_RENAME.replace(
        "replacement: RequestAdmissionController", f"replacement: {json.dumps(replacement)}"
    )
    write(tmp_path, {"vocab.yaml": vocabulary, "a.py": source})
    result = run_cli("fix", "--no-cache", "--no-show-source", "a.py", cwd=tmp_path)
    assert "fix-refused" in result.out and refusal in result.out, result.out
    assert (tmp_path / "a.py").read_text() == source


def test_a_replacement_of_several_lines_does_not_load(tmp_path: Path, run_cli: Any) -> None:
    vocabulary = MINIMAL_RENAME.replace(
        "replacement: RequestAdmissionController", "replacement: \"None\\nimport os; os.system('id')\""
    )
    write(tmp_path, {"vocab.yaml": vocabulary, "a.py": "value = ThrottleManager\n"})
    result = run_cli("fix", "--no-cache", "a.py", cwd=tmp_path)
    assert result.code == 2
    assert "vocab.yaml:5:" in result.err and "a replacement must be one line of text" in result.err
    assert (tmp_path / "a.py").read_text() == "value = ThrottleManager\n"


def test_a_rename_that_would_import_one_name_twice_is_refused(tmp_path: Path, run_cli: Any) -> None:
    """`from n import ThrottleManager` renamed beside `from m import RequestAdmissionController`
    would bind the name twice, the second silently shadowing the first."""
    source = "from m import RequestAdmissionController\nfrom n import ThrottleManager\n\nx = ThrottleManager()\n"
    write(tmp_path, {"vocab.yaml": MINIMAL_RENAME, "a.py": source})
    result = run_cli("fix", "--no-cache", "--no-show-source", "a.py", cwd=tmp_path)
    assert "would collide with an existing 'RequestAdmissionController'" in result.out
    assert (tmp_path / "a.py").read_text() == source


def test_the_editor_asks_fixability_of_many_findings_with_one_check(
    tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quick-fix request over a whole file checks the file once when `fix` would apply every
    rename, and each finding alone only when it would refuse them together."""
    from lint.runner import make_jobs, scan_text
    from lint.server import buffers

    text = "".join(f"manager_{n} = ThrottleManager()\n" for n in range(200))
    job = make_jobs([tmp_path / "a.py"], tmp_path, tmp_path)[0]
    linted = buffers.Linted(job, text, scan_text(job, text, engine), engine)
    calls: list[int] = []
    real = buffers.fix_text
    monkeypatch.setattr(buffers, "fix_text", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    assert linted.fixable(linted.findings) == frozenset(linted.findings)
    assert len(calls) == 1
    clashing = "class RequestAdmissionController: ...\n" + text
    linted = buffers.Linted(job, clashing, scan_text(job, clashing, engine), engine)
    calls.clear()
    assert linted.fixable(linted.findings) == frozenset()
    assert len(calls) == 1 + buffers.ASKED_ALONE  # together refused, then each of the first ones alone
