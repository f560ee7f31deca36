"""The glossary's term linker finds terms with the engine's matcher, reads directives with
the scanners' grammar, and keeps no state between pages it was not told to share."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import markdown

from lint.site.markdown_extension import GlossaryLinkExtension, PageLinks

from .conftest import write

VOCABULARY = """version: 1
name: links
categories:
  - {id: c, title: C}
terms:
  - {name: task admission, category: c, definition: Bounds scheduler work.}
removed:
  - {name: ThrottleManager, replacement: task admission}
"""


def _render(text: str, vocabulary: Path, page: PageLinks | None = None) -> str:
    options = {"vocabulary": str(vocabulary), "glossary_url": "/glossary/"}
    if page is not None:
        options["page"] = page  # type: ignore[assignment]
    return markdown.markdown(text, extensions=[GlossaryLinkExtension(**options)])


def test_each_conversion_without_the_plugin_is_a_page_of_its_own(tmp_path: Path) -> None:
    vocabulary = write(tmp_path, {"vocab.yaml": VOCABULARY}) / "vocab.yaml"
    first = _render("Task admission bounds work.", vocabulary)
    second = _render("Task admission bounds work.", vocabulary)
    assert first == second
    assert '<a class="vocab-term" href="/glossary/#task-admission"' in first


def test_a_shared_page_links_the_first_mention_once_across_its_fragments(tmp_path: Path) -> None:
    vocabulary = write(tmp_path, {"vocab.yaml": VOCABULARY}) / "vocab.yaml"
    page = PageLinks()
    page.begin(enabled=True)
    assert "vocab-term" in _render("Task admission here.", vocabulary, page)
    assert "vocab-term" not in _render("Task admission again.", vocabulary, page)
    page.end()
    assert "vocab-term" in _render("Task admission on the next page.", vocabulary, page)


def test_terms_joined_as_code_joins_words_are_not_linked(tmp_path: Path) -> None:
    """The engine's matcher also finds `task.admission` and `task/admission`: a path or a
    dotted name is not prose, so it stays unlinked."""
    vocabulary = write(tmp_path, {"vocab.yaml": VOCABULARY}) / "vocab.yaml"
    html = _render("See task.admission and task/admission, then task-admission.", vocabulary)
    assert html.count("vocab-term") == 1
    assert '">task-admission</a>' in html


def test_a_nolink_directive_is_a_directive_to_the_scanner_too(tmp_path: Path, run_cli: Any) -> None:
    """`nolink` is read by the scanners' grammar: its comment is no text to scan and suppresses
    nothing (the paragraph after it is still reported), and it is never an unused suppression."""
    root = write(
        tmp_path,
        {
            "vocab.yaml": VOCABULARY,
            "page.md": "<!-- vocab-lint: nolink the ThrottleManager of the old docs -->\nThe ThrottleManager.\n",
        },
    )
    result = run_cli("check", "--no-cache", "--output-format", "json", "page.md", cwd=root)
    findings = json.loads(result.out)["findings"]
    assert [(f["line"], f["rule"], f["context"]) for f in findings] == [(2, "removed-name", "prose")]
