"""reStructuredText, read by structure: real Sphinx pages stay clean, stale names in every
construct are found at their exact line and column with the context they stand in, and a
fix renames only what it may (titles keep their adornment, URLs and drawn tables are left,
the page keeps its structure) and changes nothing the second time."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from docutils.parsers.rst import directives, roles

from lint.formats import RST, format_for
from lint.formats.rst.parse import parse_rst

from ...conftest import CAPACITY_FILE, DATA, checked_findings, write

PAGES = DATA / "rst"
REAL = sorted(PAGES.rglob("*.rst"))
NUMPY2_VOCAB = str(DATA / "numpy2" / "vocab.yaml")
EVERY_CONSTRUCT = (Path(__file__).parent / "every_construct.rst").read_text(encoding="utf-8")


def _brief(findings: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(f["line"], f["column"], f["end_column"], f["rule"], f["context"], f["matched"]) for f in findings]


def test_rst_files_are_a_format_of_their_own() -> None:
    assert format_for("docs/index.rst") is RST and format_for("README.REST") is RST


@pytest.mark.parametrize("vocabulary", [None, NUMPY2_VOCAB], ids=["capacity", "numpy2"])
@pytest.mark.parametrize("page", REAL, ids=[path.name for path in REAL])
def test_real_sphinx_pages_have_no_false_finding(page: Path, vocabulary: str | None, run_cli: Any) -> None:
    args = ["--vocab", vocabulary] if vocabulary else []
    assert checked_findings(run_cli, *args, str(page.relative_to(PAGES)), cwd=PAGES) == []


_PLANTED_VOCAB = """\
version: 1
name: planted
terms: []
removed:
  - {name: markup, replacement: notation}
  - {name: directive, replacement: instruction}
  - {name: paragraph, replacement: passage}
"""
_WORD = re.compile(r"(?i)(?<![A-Za-z])(markup|directive|paragraph)(?![A-Za-z])")
_DIRECTIVE_NAME = re.compile(r"^\s*\.\. ([\w:-]+)::")


@pytest.mark.parametrize("name", ["basics.rst", "autodoc.rst"])
def test_every_word_of_a_real_page_is_found_where_it_stands(name: str, tmp_path: Path, run_cli: Any) -> None:
    """The Sphinx primer and the autodoc page hold these words in every construct reST has:
    each is a finding at its exact line and column but a directive's own name (`.. rst:directive::`),
    which is markup, not text."""
    shutil.copy(PAGES / name, tmp_path / name)
    write(tmp_path, {"vocab.yaml": _PLANTED_VOCAB})
    expected = set()
    for number, line in enumerate((tmp_path / name).read_text(encoding="utf-8").split("\n"), start=1):
        named = _DIRECTIVE_NAME.match(line)
        for found in _WORD.finditer(line):
            if named is None or found.start() >= named.end():
                expected.add((number, found.start() + 1, found.group()))
    findings = checked_findings(run_cli, name, cwd=tmp_path)
    assert {(f["line"], f["column"], f["matched"]) for f in findings} == expected
    assert len(findings) == len(expected) > 30


def test_every_construct_is_read_in_its_context(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {**CAPACITY_FILE, "page.rst": EVERY_CONSTRUCT})
    assert _brief(checked_findings(run_cli, "page.rst", cwd=tmp_path)) == [
        (1, 5, 20, "removed-name", "heading", "ThrottleManager"),
        (4, 17, 32, "removed-name", "prose", "ThrottleManager"),
        (4, 36, 51, "removed-name", "inline-code", "ThrottleManager"),
        (5, 17, 32, "removed-name", "role", "ThrottleManager"),  # :class:`~engine.ThrottleManager`
        (5, 69, 84, "removed-name", "role", "ThrottleManager"),  # :py:meth:`engine.ThrottleManager.admit`
        (6, 6, 21, "removed-name", "role", "ThrottleManager"),  # the default role: an API name
        (6, 33, 48, "removed-name", "link-text", "ThrottleManager"),
        (6, 70, 85, "removed-name", "link-target", "ThrottleManager"),
        (7, 15, 30, "removed-name", "link-text", "ThrottleManager"),  # :ref:`title <label>`
        (7, 37, 53, "removed-name", "link-target", "throttle-manager"),
        (9, 5, 21, "removed-name", "link-text", "throttle-manager"),  # `.. _name: url`
        (9, 43, 59, "removed-name", "link-target", "throttle_manager"),
        (12, 8, 23, "removed-name", "prose", "ThrottleManager"),  # a grid table
        (18, 8, 23, "removed-name", "prose", "ThrottleManager"),  # a simple table
        (23, 8, 23, "removed-name", "prose", "ThrottleManager"),  # a list table
        (25, 25, 40, "removed-name", "prose", "ThrottleManager"),  # a list item
        (27, 25, 40, "removed-name", "prose", "ThrottleManager"),  # an admonition
        (31, 13, 28, "removed-name", "prose", "ThrottleManager"),  # a footnote
        (33, 24, 39, "removed-name", "prose", "ThrottleManager"),  # a substitution's text
        (35, 13, 28, "removed-name", "prose", "ThrottleManager"),  # a field list
        (37, 21, 36, "removed-name", "comment", "ThrottleManager"),
        (41, 14, 29, "removed-name", "identifier", "ThrottleManager"),  # code-block:: python
        (43, 5, 20, "removed-name", "identifier", "ThrottleManager"),  # a doctest block, prompt left out
        (47, 4, 19, "removed-name", "code-block", "ThrottleManager"),  # a literal block after `::`
        (49, 23, 38, "removed-name", "role", "ThrottleManager"),  # .. autoclass:: argument
        (50, 22, 37, "removed-name", "role", "ThrottleManager"),  # its :exclude-members: option
        (54, 18, 33, "removed-name", "prose", "ThrottleManager"),  # a Sphinx extension's directive
        (56, 25, 40, "removed-name", "prose", "ThrottleManager"),  # ... and its content
        # `deprecated` bodies, allowed and `off` blocks and the Changelog section are quiet;
        # the allow with nothing to allow is reported.
        (71, 1, 61, "unused-suppression", "comment", ".. vocab-lint: allow[throttle-manager] nothing here names it"),
    ]


def test_changelog_pages_and_version_directives_are_history(tmp_path: Path, run_cli: Any) -> None:
    page = "The ThrottleManager.\n\n.. versionchanged:: 2.0\n   The ThrottleManager moved.\n"
    historical = ".. vocab-lint: historical\n\nThe ThrottleManager.\n"
    write(tmp_path, {**CAPACITY_FILE, "docs/page.rst": page, "CHANGES.rst": page, "docs/old.rst": historical})
    shutil.copy(PAGES / "changes" / "7.2.rst", tmp_path / "docs" / "changes.rst")
    assert [(f["path"], f["line"]) for f in checked_findings(run_cli, ".", cwd=tmp_path)] == [("docs/page.rst", 1)]


def test_a_fix_renames_in_place_and_a_second_fix_changes_nothing(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {**CAPACITY_FILE, "page.rst": EVERY_CONSTRUCT})
    run_cli("fix", "page.rst", cwd=tmp_path)
    fixed = (tmp_path / "page.rst").read_text(encoding="utf-8")
    assert fixed.startswith(
        "The RequestAdmissionController\n==============================\n\n"
    )  # underline lengthened
    assert "<https://example.com/ThrottleManager>`_" in fixed  # a URL is reported, never rewritten
    assert "| Cell ThrottleManager | other          |" in fixed  # a drawn table's column would overflow
    assert "   manager = RequestAdmissionController()\n" in fixed and ">>> RequestAdmissionController()" in fixed
    assert ".. autoclass:: engine.RequestAdmissionController\n" in fixed
    assert fixed.count("ThrottleManager") == EVERY_CONSTRUCT.count("ThrottleManager") - 22
    assert _problems(fixed) == _problems(EVERY_CONSTRUCT) == []
    assert _outline(fixed) == _outline(EVERY_CONSTRUCT)
    run_cli("fix", "page.rst", cwd=tmp_path)
    assert (tmp_path / "page.rst").read_text(encoding="utf-8") == fixed


def _problems(text: str) -> list[str]:
    """docutils' warnings and errors about a page (its notes left out)."""
    messages = parse_rst(text).findall(lambda node: node.tagname == "system_message")
    return sorted(message.astext() for message in messages if int(message["level"]) >= 2)


def _outline(text: str) -> list[str]:
    return [node.tagname for node in parse_rst(text).findall() if node.tagname != "#text"]


def test_an_overlined_title_gets_both_adornments_lengthened(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {**CAPACITY_FILE, "page.rst": "=================\nThrottleManager\n=================\n\nText.\n"})
    run_cli("fix", "page.rst", cwd=tmp_path)
    line = "=" * len("RequestAdmissionController")
    assert (tmp_path / "page.rst").read_text() == f"{line}\nRequestAdmissionController\n{line}\n\nText.\n"


def test_a_rename_that_would_change_the_structure_is_refused(tmp_path: Path, run_cli: Any) -> None:
    """`legacy_mode` -> `mode_`: in reST a word ending in `_` is a link, so the fixed page
    would hold a reference to a target that does not exist."""
    vocabulary = "version: 1\nname: t\nterms: []\nremoved:\n  - {name: legacy_mode, replacement: mode_, case: exact}\n"
    page = "Set legacy_mode to true.\n"
    write(tmp_path, {"vocab.yaml": vocabulary, "page.rst": page})
    result = run_cli("fix", "page.rst", cwd=tmp_path)
    assert "fix-refused" in result.out and "renaming 'legacy_mode' (line 1) would give the page" in result.out
    assert (tmp_path / "page.rst").read_text() == page


def test_text_that_cannot_be_placed_is_reported_but_never_fixed(tmp_path: Path, run_cli: Any) -> None:
    """docutils splits lines at a form feed, the page's lines do not: the paragraph is not
    found as a block, so its finding has no span, and the fix is refused."""
    page = "Some text\x0cThrottleManager here.\n"
    write(tmp_path, {**CAPACITY_FILE, "page.rst": page})
    assert _brief(checked_findings(run_cli, "page.rst", cwd=tmp_path)) == [
        (1, 1, 1, "removed-name", "prose", "ThrottleManager")
    ]
    result = run_cli("fix", "page.rst", cwd=tmp_path)
    assert "could not be placed exactly in the file; nothing was fixed" in result.out
    assert (tmp_path / "page.rst").read_text() == page


def test_a_page_leaves_docutils_as_it_found_it() -> None:
    """A page's `.. role::` and `.. default-role::`, and the generic names registered for
    Sphinx's, change docutils' module-wide registries only while that page is parsed."""
    known_directives = dict(directives.__dict__["_directives"])
    known_roles = dict(roles.__dict__["_roles"])
    parse_rst(".. default-role:: code\n\n.. role:: custom\n\n.. autoclass:: pkg.X\n\n:custom:`x` :py:func:`f`\n")
    assert directives.__dict__["_directives"] == known_directives
    assert roles.__dict__["_roles"] == known_roles


def test_the_allow_directive_the_language_server_inserts_suppresses_the_block(tmp_path: Path, run_cli: Any) -> None:
    directive = RST.directive("vocab-lint: allow[throttle-manager]")
    assert directive is not None
    page = "Intro.\n\n" + directive + "\nThe ThrottleManager, quoted\non two lines.\n\nThe ThrottleManager.\n"
    write(tmp_path, {**CAPACITY_FILE, "page.rst": page})
    assert [(f["line"], f["rule"]) for f in checked_findings(run_cli, "page.rst", cwd=tmp_path)] == [
        (8, "removed-name")
    ]
    assert _problems(page) == []
