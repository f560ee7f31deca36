"""The glossary for Sphinx: `glossary --format rst` and the extension's `.. vocab-glossary::`
directive, built by real Sphinx with warnings as errors, its terms reachable by `:term:` and
by the ids the other formats give them, and vocabulary text shown as text."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lint.site.glossary_rst import render_rst_glossary
from lint.vocabulary.load import load_vocabulary

from .conftest import CAPACITY, CAPACITY_FILE, write

HOSTILE = """\
version: 1
name: hostile
description: "- a list? *emph* `code` :class:`X` link_ |sub| [#]_ ends with::"
categories:
  - {id: layers, title: "Layers | *all* of them"}
terms:
  - name: request admission
    category: layers
    definition: "1. Bounds <b>calls</b>; see `docs <https://example.com>`_ and :ref:`x`."
    code_names: [_submission_semaphore, "odd`name"]
removed:
  - {name: ThrottleManager, replacement: request admission, message: "use *this* :: not that"}
"""

INDEX = """\
Demo
====

Calls pass :term:`request admission` first; see :ref:`the transport pool <transport-pool>`.

.. toctree::

   glossary
"""


def _build(source: Path, *, fail: bool = False) -> tuple[str, Path]:
    """Build the site with warnings as errors; its output, and the HTML folder."""
    out = source.parent / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(source), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode != 0) == fail, result.stderr
    return result.stderr, out


def _site(root: Path, vocabulary: str, index: str = INDEX, glossary: str = ".. vocab-glossary::\n") -> Path:
    conf = (
        'project = "demo"\nextensions = ["lint.site.sphinx_extension"]\nvocab_glossary_vocabulary = "../vocab.yaml"\n'
    )
    write(
        root, {"vocab.yaml": vocabulary, "docs/conf.py": conf, "docs/index.rst": index, "docs/glossary.rst": glossary}
    )
    return root / "docs"


def test_the_extension_builds_the_glossary_with_warnings_as_errors(tmp_path: Path) -> None:
    _, html = _build(_site(tmp_path, CAPACITY_FILE["vocab.yaml"]))
    page = (html / "glossary.html").read_text(encoding="utf-8")
    vocabulary = load_vocabulary(CAPACITY)
    public = [term for term in vocabulary.terms if term.audience.value == "public"]
    for term in public:
        assert f'id="{term.id}"' in page  # the anchor every glossary format gives the term
        assert f'id="term-{term.id}"' in page  # Sphinx's own id of a glossary term
    index = (html / "index.html").read_text(encoding="utf-8")
    assert 'href="glossary.html#term-request-admission"' in index  # :term: resolves
    assert 'href="glossary.html#transport-pool"' in index  # :ref: to the term's id resolves
    table = page[page.index('id="migration"') :]
    rows = len(re.findall(r"<tr", table)) - 1  # the header row
    assert rows == len(vocabulary.retired) + len(vocabulary.moved_modules)


def test_vocabulary_text_is_shown_as_text(tmp_path: Path) -> None:
    _, html = _build(_site(tmp_path, HOSTILE, index="Demo\n====\n\n.. toctree::\n\n   glossary\n"))
    page = (html / "glossary.html").read_text(encoding="utf-8")
    shown = re.sub(r"<[^>]+>", "", page)
    assert "- a list? *emph* `code` :class:`X` link_ |sub| [#]_ ends with::" in shown
    # A definition is Markdown's safe subset: its `code` is code, everything else text.
    assert "1. Bounds &lt;b&gt;calls&lt;/b&gt;; see docs &lt;https://example.com&gt;_ and :ref:x." in shown
    assert '<span class="pre">&lt;https://example.com&gt;</span></code>' in page
    assert "_submission_semaphore" in shown and "oddname" in shown  # a name keeps its underscores
    assert "use *this* :: not that" in shown and "Layers | *all* of them" in shown
    assert "<em>" not in page.split('role="main"')[-1]


def test_a_vocabulary_that_cannot_be_read_fails_the_build(tmp_path: Path) -> None:
    errors, _ = _build(_site(tmp_path, "version: 1\nname: broken\nterms: [oops\n"), fail=True)
    assert "vocab-glossary:" in errors


def test_the_cli_writes_and_checks_the_same_page(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, CAPACITY_FILE)
    run_cli("glossary", "--format", "rst", "--output", "glossary.rst", cwd=tmp_path)
    page = (tmp_path / "glossary.rst").read_text(encoding="utf-8")
    assert page == render_rst_glossary(load_vocabulary(CAPACITY))
    assert run_cli("glossary", "--format", "rst", "--check", "--output", "glossary.rst", cwd=tmp_path).code == 0
    source = tmp_path / "docs"
    write(source, {"conf.py": 'project = "demo"\n', "index.rst": ".. toctree::\n\n   glossary\n", "glossary.rst": page})
    _build(source)  # Sphinx's own glossary, list table and references: no warning


@pytest.mark.parametrize("mermaid", [False, True])
def test_the_map_of_terms_is_a_diagram_only_where_the_site_renders_one(mermaid: bool) -> None:
    page = render_rst_glossary(load_vocabulary(CAPACITY), mermaid_directive=mermaid)
    assert (".. mermaid::" in page) is mermaid
    assert (":ref:`request admission <request-admission>`" in page.split("Capacity layers\n---")[0]) is not mermaid
