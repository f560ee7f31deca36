"""The result cache and the lean `check` path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from .conftest import write

STALE = "m = ThrottleManager()\n"


def _findings(run_cli: Any, cwd: Path, *args: str) -> list[dict[str, Any]]:
    result = run_cli("check", "--format", "json", *args, cwd=cwd)
    findings: list[dict[str, Any]] = json.loads(result.out)["findings"]
    return findings


def test_warm_cache_gives_the_same_findings_and_notices_changes(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": STALE, "b.md": "Calls are throttled.\n", "c.py": "ok = 1\n"})
    cold = _findings(run_cli, tmp_path)
    assert (tmp_path / ".vocab-lint-cache" / "results.sqlite3").is_file()
    assert (tmp_path / ".vocab-lint-cache" / ".gitignore").read_text().endswith("*\n")
    warm = _findings(run_cli, tmp_path)
    assert warm == cold and len(cold) == 2
    (tmp_path / "c.py").write_text(STALE)
    changed = _findings(run_cli, tmp_path)
    assert [f["path"] for f in changed] == ["a.py", "b.md", "c.py"]


def test_a_vocabulary_change_invalidates_cached_results(tmp_path: Path, run_cli: Any) -> None:
    vocab = "version: 1\nname: v\nterms: []\nremoved:\n  - name: OldThing\n"
    write(tmp_path, {"vocab.yaml": vocab, "a.py": "x = OldThing()\ny = NewThing()\n"})
    assert [f["term"] for f in _findings(run_cli, tmp_path)] == ["old-thing"]
    (tmp_path / "vocab.yaml").write_text(vocab.replace("OldThing", "NewThing"))
    assert [f["term"] for f in _findings(run_cli, tmp_path)] == ["new-thing"]


def test_no_cache_and_clean(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": STALE})
    _findings(run_cli, tmp_path, "--no-cache")
    assert not (tmp_path / ".vocab-lint-cache").exists()
    _findings(run_cli, tmp_path)
    assert (tmp_path / ".vocab-lint-cache").exists()
    assert run_cli("clean", cwd=tmp_path).out.startswith("Removed ")
    assert not (tmp_path / ".vocab-lint-cache").exists()
    assert run_cli("clean", cwd=tmp_path).out.strip() == "No cache to remove."


def test_a_corrupt_cache_is_ignored(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"a.py": STALE, ".vocab-lint-cache/results.sqlite3": "not a database"})
    assert [f["term"] for f in _findings(run_cli, tmp_path)] == ["throttle-manager"]


def test_an_invalid_vocabulary_is_still_reported_with_positions(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"vocab.yaml": "version: 1\nname: v\nterms: []\nremoved:\n  - name: Old\n", "a.py": "x = 1\n"})
    assert run_cli("check", cwd=tmp_path).code == 0  # validated once, then known
    (tmp_path / "vocab.yaml").write_text("version: 1\nname: v\nterms: []\nremoved:\n  - nam: Old\n")
    result = run_cli("check", cwd=tmp_path)
    assert result.code == 2
    assert "vocab.yaml:5:5: unknown key 'nam'" in result.err


def test_clean_files_never_import_the_parsers(tmp_path: Path) -> None:
    """The pre-commit case: clean files cost a read and a prefilter, no LibCST, no markdown-it."""
    write(tmp_path, {f"f{i}.py": f"x = {i}\n" for i in range(5)} | {"doc.md": "# Title\n\nPlain text.\n"})
    probe = (
        "import sys\nfrom lint.cli import main\ncode = main(['check', '--no-show-source', '.'])\n"
        "heavy = [m for m in ('libcst', 'markdown_it', 'mkdocs', 'jsonschema') if m in sys.modules]\n"
        "print(code, heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "0 []"


def test_a_file_whose_phrases_cannot_be_findings_never_asks_for_its_path_settings(tmp_path: Path) -> None:
    """An avoided phrase that stands only in identifiers passes the filters but is never a
    finding in code: the file's path settings are not worked out, pathspec is not imported."""
    write(tmp_path, {"pool.py": "connection_pool = make_connection_pool()\n"})
    probe = (
        "import sys\nfrom lint.cli import main\ncode = main(['check', '--no-cache', '.'])\n"
        "print(code, 'pathspec' in sys.modules, 'lint.formats.python.scanner' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "0 False True"


def _cached_keys(root: Path) -> set[str]:
    import sqlite3

    with sqlite3.connect(root / ".vocab-lint-cache" / "results.sqlite3") as connection:
        return {key for (key,) in connection.execute("SELECT key FROM entries")}


def test_rows_no_run_uses_are_pruned_and_rows_in_use_are_kept(tmp_path: Path, run_cli: Any) -> None:
    from lint.cache import KEEP_RUNS

    write(tmp_path, {"kept.py": STALE, "edited.py": "version = 0\n"})
    _findings(run_cli, tmp_path)
    first = _cached_keys(tmp_path)
    assert len(first) == 2
    for version in range(1, KEEP_RUNS + 2):
        (tmp_path / "edited.py").write_text(f"version = {version}\n")
        _findings(run_cli, tmp_path)
    final = _cached_keys(tmp_path)
    # The unchanged file's row survives every run; of the edited file's versions, only recent ones remain.
    assert first - final and (first & final)
    assert len(final) <= 1 + KEEP_RUNS
    assert _findings(run_cli, tmp_path)[0]["path"] == "kept.py"


def test_a_warm_run_reads_only_files_with_cached_findings(tmp_path: Path, run_cli: Any, monkeypatch: Any) -> None:
    """A file whose stat is as recorded is known by its recorded hash: a warm run costs a stat."""
    import lint.runner as runner

    monkeypatch.setattr(runner, "RACY_SECONDS", 0.0)  # these files were written a moment ago
    write(tmp_path, {"a.py": STALE, **{f"clean{i}.py": f"ok = {i}\n" for i in range(5)}})
    cold = _findings(run_cli, tmp_path)
    read: list[str] = []
    real = runner.read_regular

    def counting(path: Path) -> bytes:
        read.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(runner, "read_regular", counting)
    assert _findings(run_cli, tmp_path) == cold
    assert read == ["a.py"]  # re-read only to check that its cached finding still stands


def test_same_size_content_with_its_old_times_restored_is_scanned_again(
    tmp_path: Path, run_cli: Any, monkeypatch: Any
) -> None:
    """The change time moves on every write and no tool can set it back."""
    import os

    import lint.runner as runner

    monkeypatch.setattr(runner, "RACY_SECONDS", 0.0)
    write(tmp_path, {"a.py": "m = ThrottleXanager()\n"})
    assert _findings(run_cli, tmp_path) == []
    path = tmp_path / "a.py"
    times = os.stat(path)
    path.write_text(STALE)  # the same size
    os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert [f["term"] for f in _findings(run_cli, tmp_path)] == ["throttle-manager"]


def test_a_mark_signed_with_an_old_secret_is_replaced(tmp_path: Path) -> None:
    """A vocabulary's "known valid" form from before the user's secret changed must not keep
    every later load on the slow path: a new form replaces the one that fails."""
    from lint.cache import ResultCache

    old, new = ResultCache(tmp_path, secret=b"a" * 32), ResultCache(tmp_path, secret=b"b" * 32)
    old.remember_vocabulary("digest", {"name": "v"})
    assert old.known_vocabulary("digest") == {"name": "v"}
    assert new.known_vocabulary("digest") is None
    new.remember_vocabulary("digest", {"name": "w"})
    assert new.known_vocabulary("digest") == {"name": "w"}
    assert [p.name for p in (tmp_path / ".vocab-lint-cache" / "valid-vocabularies").iterdir()] == ["digest"]


def test_a_known_vocabulary_loads_without_a_yaml_parser(tmp_path: Path, run_cli: Any) -> None:
    """The second run builds the vocabulary from the cache's signed JSON form: neither
    ruamel.yaml nor pathspec (for the glob checks) is imported. A form whose data was
    changed after signing is not trusted: the YAML is read again."""
    vocab = "version: 1\nname: v\nterms: []\nremoved:\n  - name: OldThing\n    allowed_paths: [old/]\n"
    write(tmp_path, {"vocab.yaml": vocab, "a.py": "x = OldThing()\n"})
    probe = (
        "import sys\nfrom lint.cli import main\ncode = main(['check', '-q', '.'])\n"
        "print(code, [m for m in ('ruamel.yaml', 'pathspec') if m in sys.modules])\n"
    )

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
        return done.stdout.strip().splitlines()[-1]

    assert run() == "1 ['ruamel.yaml', 'pathspec']"
    assert run() == "1 []"
    (form,) = (tmp_path / ".vocab-lint-cache" / "valid-vocabularies").iterdir()
    form.write_text(form.read_text().replace("OldThing", "NewThing"))
    assert run() == "1 ['ruamel.yaml', 'pathspec']"


def test_a_vocabulary_that_fails_its_cross_checks_is_never_remembered(tmp_path: Path, run_cli: Any) -> None:
    vocab = "version: 1\nname: v\nterms:\n  - id: a\n    name: a thing\n    category: c\n    definition: d.\n    see_also: [b]\n"
    write(tmp_path, {"vocab.yaml": vocab, "a.py": "x = 1\n"})
    for _ in range(2):
        result = run_cli("check", cwd=tmp_path)
        assert result.code == 2 and "see_also 'b' names no term" in result.err
    assert not list((tmp_path / ".vocab-lint-cache").glob("valid-vocabularies/*"))


def test_an_avoided_spelling_inside_identifiers_never_reaches_libcst(tmp_path: Path) -> None:
    """`connection_pools` in code can never be a finding (the avoid rule reads comments and
    docstrings only), so such a file is settled without importing LibCST; the same words in
    a comment or a multi-line docstring are still found (read from CPython's tree: still no
    LibCST)."""
    code = "class Backend:\n    _connection_pools = {}\n\n    def pool(self):\n        return ConnectionPool()\n"
    write(tmp_path, {"code.py": code})
    probe = (
        "import sys\nfrom lint.cli import main\ncode = main(['check', '--no-cache', '--no-show-source', '.'])\n"
        "print(code, 'libcst' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "0 False"
    documented = code.replace("class Backend:\n", 'class Backend:\n    """Sizes the\n    connection_pools dict."""\n')
    write(tmp_path, {"code.py": documented + "x = 1  # connection_pools\n"})
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout.count("connection_pools") == 2 and result.stdout.strip().endswith("0 False")


def test_a_moved_module_regex_is_searched_by_its_literal() -> None:
    """The guard before a moved module's name stands after its first part, so Python's
    regex engine searches for the literal instead of trying the guard at every position;
    the name still matches only as whole dotted or slashed segments."""
    from lint.engine.engine import module_regex

    pattern = module_regex("pkg.utils.old")
    assert pattern.pattern.startswith("pkg")
    found = [
        m.group()
        for m in pattern.finditer("pkg.utils.old x.pkg/utils/old xpkg.utils.old pkg.utils.olds _pkg.utils.old")
    ]
    assert found == ["pkg.utils.old", "pkg/utils/old"]


def test_an_ascii_file_is_prefiltered_once(tmp_path: Path, engine: Any, monkeypatch: Any) -> None:
    """The bytes of an ASCII file pass the prefilter; its decoded text is not searched again.
    A file that is not ASCII is searched once too, as the lowered UTF-8 bytes of its text."""
    from lint.runner import make_jobs, scan_file

    searches: list[bytes] = []
    search = engine.docs_prefilter.search
    real = search.found
    monkeypatch.setattr(search, "found", lambda lowered: searches.append(lowered) or real(lowered))
    write(tmp_path, {"a.md": "The ThrottleManager is gone.\n", "b.md": "The ThrottleManager is gone, café.\n"})
    for name in ("a.md", "b.md"):
        (job,) = make_jobs([tmp_path / name], tmp_path, tmp_path)
        assert [f.matched for f in scan_file(job, engine).findings] == ["ThrottleManager"]
    assert searches == [b"the throttlemanager is gone.\n", "the throttlemanager is gone, café.\n".encode()]
