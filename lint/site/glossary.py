"""Render the glossary page from the vocabulary: sections, entries, a migration table.

The output is deterministic Markdown. Each term heading carries its id as an explicit
anchor (`{ #term-id }`, the attr_list syntax that MkDocs and Python-Markdown read), so links
to a term survive renames of its prose form. Text from the vocabulary is data, never
markup: it is HTML-escaped and every Markdown punctuation character is backslash-escaped,
so no link, image, attribute list or emphasis can come from a vocabulary.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from lint.site import definitions
from lint.vocabulary.model import Audience, RetiredName, Term, Vocabulary
from lint.vocabulary.windows import has_version_columns, version_of

DEFAULT_TITLE = "Glossary"
_WINDOW_KEYS = ("deprecated_in", "removed_in")


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()!|])")
_BLOCK_START = re.compile(r"^(\d*)([-+#>.)])")
_ESM_START = re.compile(r"^([ie])(?=(?:mport|xport)\b)")


def _text(value: str) -> str:
    """Vocabulary text as literal text in Markdown that may hold HTML.

    Inline punctuation is always escaped; a leading `-`, `+`, `#`, `>` or `1.` too, since
    the text may open a paragraph or a list item.
    """
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(" ".join(value.split()), quote=False))
    escaped = _BLOCK_START.sub(r"\1\\\2", escaped, count=1)
    # MDX reads a paragraph that opens with `import` or `export` as JavaScript: its first
    # letter is written as a character reference, which both Markdown and MDX show as text.
    return _ESM_START.sub(lambda m: f"&#{ord(m.group(1))};", escaped, count=1)


def _prose(piece: str) -> str:
    return definitions.keeping_edges(piece, _text)


def _code(value: str) -> str:
    """A name as a code span: shown exactly (`_private_name` keeps its underscores;
    the stylesheet lets a long one wrap). A backtick cannot stand in one, and is left out."""
    return f"`{value.replace('`', '')}`"


def _link(title: str, target: str) -> str:
    """A Markdown link; the target's parentheses encoded, so that none ends it early."""
    return f"[{title}]({target.replace('(', '%28').replace(')', '%29')})"


def definition_markdown(definition: str) -> str:
    """A definition with its code, emphasis and safe links as Markdown, the rest escaped."""
    return definitions.render(definition, _prose, _code, _link)


def render_glossary(
    vocabulary: Vocabulary,
    title: str = DEFAULT_TITLE,
    *,
    mdx: bool = False,
    audiences: tuple[str, ...] = ("public", "internal"),
    diagram: bool = True,
) -> str:
    """The whole glossary page as Markdown, or as MDX for Fern and Docusaurus.

    The MDX page has front matter instead of a first heading, an `{/* */}` comment instead
    of an HTML one, and `<a id>` anchors instead of attribute lists, with the same ids. The
    page opens with a map of the terms: a Mermaid diagram (Material renders it), or a
    plain list in MDX.
    """
    shown = replace(vocabulary, terms=tuple(t for t in vocabulary.terms if t.audience.value in audiences))
    page = list(_page(shown, title, mdx))
    if diagram and shown.terms:
        at = page.index("") + 1 if mdx else 4  # after the front matter or the title and notice
        at = page.index("", at) + 1 if mdx else at
        page[at:at] = [*(_term_list(shown) if mdx else mermaid(shown)), ""]
    return "\n".join(page).rstrip() + "\n"


def groups(vocabulary: Vocabulary) -> list[tuple[str, str, list[Term]]]:
    """(id, title, terms) per category in the vocabulary's order, then the uncategorised."""
    known = {c.id for c in vocabulary.categories}
    groups = [(c.id, c.title, [t for t in vocabulary.terms if t.category == c.id]) for c in vocabulary.categories]
    groups.append(("other", "Other terms", [t for t in vocabulary.terms if t.category not in known]))
    return [group for group in groups if group[2]]


def mermaid(vocabulary: Vocabulary) -> list[str]:
    """Each category a group of its terms, `see_also` as links between them."""

    def node(term_id: str) -> str:
        return "t_" + re.sub(r"\W", "_", term_id)

    def label(text: str) -> str:
        return html.escape(text).replace('"', "#quot;")

    lines = ["```mermaid", "flowchart LR"]
    for index, (_, title, terms) in enumerate(groups(vocabulary)):
        lines.append(f'  subgraph g{index}["{label(title)}"]')
        lines += [f'    {node(t.id)}["{label(t.name)}"]' for t in terms]
        lines.append("  end")
    shown = {t.id for t in vocabulary.terms}
    edges = {tuple(sorted((t.id, other))) for t in vocabulary.terms for other in t.see_also if other in shown}
    lines += [f"  {node(a)} --- {node(b)}" for a, b in sorted(edges)]
    return [*lines, "```"]


def _term_list(vocabulary: Vocabulary) -> list[str]:
    """The same map as a Markdown list, for renderers without Mermaid."""
    return [
        f"- **{_text(title)}**: " + ", ".join(f"[{_text(t.name)}](#{t.id})" for t in terms)
        for _, title, terms in groups(vocabulary)
    ]


def _page(vocabulary: Vocabulary, title: str, mdx: bool) -> Iterator[str]:
    notice = "Generated by vocab-lint from the vocabulary; do not edit by hand."
    if mdx:
        yield from ("---", f"title: {json.dumps(title, ensure_ascii=False)}", "---", "", f"{{/* {notice} */}}", "")
    else:
        yield from (f"# {_text(title)}", "", f"<!-- {notice} -->", "")
    if vocabulary.description:
        yield _text(vocabulary.description)
        yield ""
    names = {term.id: term.name for term in vocabulary.terms}
    categories = list(vocabulary.categories)
    known = {c.id for c in categories}
    for category in categories:
        terms = [t for t in vocabulary.terms if t.category == category.id]
        if not terms:
            continue
        yield f"## {_text(category.title)}"
        yield ""
        if category.description:
            yield _text(category.description)
            yield ""
        for term in terms:
            yield from _entry(term, names, mdx)
    uncategorised = [t for t in vocabulary.terms if t.category not in known]
    if uncategorised:
        yield "## Other terms"
        yield ""
        for term in uncategorised:
            yield from _entry(term, names, mdx)
    yield from _migration(vocabulary)


def _entry(term: Term, names: dict[str, str], mdx: bool) -> Iterator[str]:
    if mdx:
        yield f'### <a id="{term.id}"></a>{_text(term.name)}'
    else:
        yield f"### {_text(term.name)} {{ #{term.id} }}"
    yield ""
    yield definition_markdown(term.definition)
    yield ""
    facts = []
    if term.owner:
        facts.append(f"- **Owner:** {_text(term.owner)}")
    if term.code_names:
        listed = [_code(c.name) + (" (internal)" if c.audience is Audience.INTERNAL else "") for c in term.code_names]
        facts.append("- **Code names:** " + ", ".join(listed))
    if term.aliases:
        facts.append("- **Also written:** " + ", ".join(_text(a) for a in term.aliases))
    if term.avoid:
        facts.append("- **Avoid:** " + ", ".join(f"“{_text(a)}”" for a in term.avoid))
    if term.see_also:
        # A term not shown on this page (another audience) is named, not linked.
        links = [f"[{_text(names[t])}](#{t})" if t in names else _text(t) for t in term.see_also]
        facts.append("- **See also:** " + ", ".join(links))
    facts.append(f"- **Audience:** {term.audience.value}")
    yield from facts
    yield ""


def _replacement_link(vocabulary: Vocabulary, replacement: str) -> str:
    term = vocabulary.term_for(replacement)
    code = _code(replacement)
    return f"[{code}](#{term.id})" if term is not None else code


_IDENTIFIER = re.compile(
    r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+"  # dotted
    r"|\w*[a-z][A-Z]\w*"  # CamelCase
    r"|[a-z0-9]+(?:_[a-z0-9]+)+"  # snake_case
)


def _note(text: str) -> str:
    """A message for the migration table: prose escaped, code names as code."""
    pieces, cursor = [], 0
    text = " ".join(text.split())
    for found in _IDENTIFIER.finditer(text):
        pieces += [_prose(text[cursor : found.start()]), _code(found.group())]
        cursor = found.end()
    return "".join([*pieces, _prose(text[cursor:])]).strip()


def _migration(vocabulary: Vocabulary) -> Iterator[str]:
    retired: list[RetiredName] = list(vocabulary.retired)
    if not retired and not vocabulary.moved_modules:
        return
    yield "## Migration"
    yield ""
    yield "Names that were removed or deprecated, and what to use instead."
    yield ""
    windows = has_version_columns(vocabulary)  # "deprecated in" and "removed in" columns
    yield "| Old name | Status | " + ("Deprecated in | Removed in | " if windows else "") + "Use instead | Note |"
    yield "| --- | --- | " + ("--- | --- | " if windows else "") + "--- | --- |"
    for entry in retired:
        instead = " or ".join(_replacement_link(vocabulary, r) for r in entry.replacements) or "—"
        when = "".join(f"{_prose(version_of(entry, key)) or '—'} | " for key in _WINDOW_KEYS if windows)
        yield f"| {_code(entry.name)} | {entry.kind.value} | {when}{instead} | {_note(entry.message)} |"
    for moved in vocabulary.moved_modules:
        new = " or ".join(_code(n) for n in moved.new)
        yield f"| {_code(moved.old)} | moved module | {'— | — | ' if windows else ''}{new} | {_note(moved.message)} |"
    yield ""


def check_page(page: str, output: Path, stdout: TextIO, stderr: TextIO) -> int:
    """`glossary --check`: 0 when `output` holds `page`; else its diff and exit code 1."""
    import difflib

    current = output.read_text(encoding="utf-8") if output.is_file() else ""
    if current == page:
        stdout.write(f"{output} is up to date.\n")
        return 0
    diff = difflib.unified_diff(current.splitlines(True), page.splitlines(True), str(output), "generated")
    stdout.write("".join(diff))
    stderr.write(f"{output} is out of date; run `vocab-lint glossary --output {output}`.\n")
    return 1
