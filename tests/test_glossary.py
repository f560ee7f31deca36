"""The glossary: CLI page, MkDocs plugin builds, term links with tooltips, and a real browser."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from lint.site.glossary import render_glossary
from lint.vocabulary.load import load_vocabulary

from .conftest import CAPACITY, REPO, write

VOCAB = """\
version: 1
name: demo
description: The demo vocabulary <b>with markup</b>.
categories:
  - {id: layers, title: Layers}
terms:
  - name: request admission
    category: layers
    definition: Bounds provider calls. It never bounds <script>alert(1)</script> tasks.
    code_names: [RequestAdmissionController]
    see_also: [task-admission]
  - name: task admission
    category: layers
    definition: Bounds scheduler work.
    see_also: [request-admission]
  - name: submission slot
    category: layers
    definition: A place in `_submission_semaphore`; see [the scheduler notes](https://example.com/scheduler) or [not this](javascript:alert(1)).
    code_names: [_submission_semaphore]
removed:
  - name: ThrottleManager
    replacement: RequestAdmissionController
    message: gone
  - name: numpy.float_
    replacement: numpy.float64
"""

PAGE = """\
# Guide

Request admission bounds calls, and request admission again. `request admission` in code.

## Task admission heading

Task admission bounds work; see [request admission](index.md).
"""


def test_cli_page_has_sections_anchors_links_and_migration(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"vocab.yaml": VOCAB})
    page = run_cli("glossary", cwd=tmp_path).out
    assert page.startswith("# Glossary\n")
    assert "## Layers\n" in page
    assert "### request admission { #request-admission }" in page
    assert "### task admission { #task-admission }" in page
    assert "- **See also:** [task admission](#task-admission)" in page
    assert "| `ThrottleManager` | removed | [`RequestAdmissionController`](#request-admission) | gone |" in page
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in page and "<script>" not in page
    assert "&lt;b&gt;with markup&lt;/b&gt;" in page
    assert page == run_cli("glossary", cwd=tmp_path).out  # deterministic


def test_cli_check_reports_a_stale_page(tmp_path: Path, run_cli: Any) -> None:
    write(tmp_path, {"vocab.yaml": VOCAB})
    assert run_cli("glossary", "--output", "glossary.md", cwd=tmp_path).code == 0
    assert run_cli("glossary", "--output", "glossary.md", "--check", cwd=tmp_path).code == 0
    (tmp_path / "vocab.yaml").write_text(VOCAB.replace("Bounds scheduler work.", "Bounds scheduled work."))
    stale = run_cli("glossary", "--output", "glossary.md", "--check", cwd=tmp_path)
    assert stale.code == 1
    assert "-Bounds scheduler work." in stale.out and "+Bounds scheduled work." in stale.out


def test_default_glossary_lists_every_term_once() -> None:
    vocabulary = load_vocabulary(CAPACITY)
    page = render_glossary(vocabulary)
    for term in vocabulary.terms:
        assert page.count(f"{{ #{term.id} }}") == 1, term.id


MKDOCS_YML = """\
site_name: demo
theme:
  name: material
  features: [content.tooltips]
plugins:
  - vocab-glossary:
      vocabulary: vocab.yaml
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
  - lint.markdown_extension:
      vocabulary: vocab.yaml
validation:
  links:
    absolute_links: relative_to_docs
nav:
  - Guide: index.md
  - Glossary: glossary.md
"""


class _TermLinks(HTMLParser):
    """The term links of a built page, read with an HTML parser: (href, title, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []
        self._open: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" and "vocab-term" in values.get("class", "").split():
            self._open = values
            self.links.append((values.get("href", ""), values.get("title", ""), ""))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            href, title, text = self.links[-1]
            self.links[-1] = (href, title, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = None


def term_links(html: str) -> list[tuple[str, str, str]]:
    """(href, title, text) of each term link in `html`."""
    parser = _TermLinks()
    parser.feed(html)
    return parser.links


def _build(site: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", "build", "-d", "site"] + (["--strict"] if strict else [])
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    return subprocess.run(command, cwd=site, capture_output=True, text=True, env=env)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write(tmp_path / "site-src", {"mkdocs.yml": MKDOCS_YML, "vocab.yaml": VOCAB, "docs/index.md": PAGE})


@pytest.mark.slow
def test_plugin_builds_the_page_and_the_extension_links_first_mentions(site: Path) -> None:
    built = _build(site)
    assert built.returncode == 0, built.stderr
    assert not (site / "docs" / "glossary.md").exists()  # generated, never committed
    glossary = (site / "site" / "glossary" / "index.html").read_text()
    for term_id in ("request-admission", "task-admission"):
        assert len(re.findall(rf'id="{term_id}"', glossary)) == 1
    assert re.search(r'<a href="#request-admission"><code>RequestAdmissionController</code></a>', glossary)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in glossary and "<script>alert(1)" not in glossary
    guide = (site / "site" / "index.html").read_text()
    links = term_links(guide)
    assert links == [
        ("glossary/#request-admission", "Bounds provider calls.", "Request admission"),
        ("glossary/#task-admission", "Bounds scheduler work.", "Task admission"),
    ]
    assert "<code>request admission</code>" in guide  # code spans untouched
    assert 'id="task-admission-heading">Task admission heading' in guide  # headings untouched


@pytest.mark.slow
def test_strict_build_fails_on_a_broken_see_also(site: Path) -> None:
    (site / "vocab.yaml").write_text(VOCAB.replace("see_also: [task-admission]", "see_also: [task-admision]"))
    (site / "mkdocs.yml").write_text(
        MKDOCS_YML.replace("  - lint.markdown_extension:\n      vocabulary: vocab.yaml\n", "  - toc\n")
    )
    strict = _build(site)
    assert strict.returncode != 0
    assert "see_also 'task-admision' names no term" in strict.stderr
    lenient = _build(site, strict=False)
    assert lenient.returncode == 0
    assert "was not generated" in lenient.stderr


@pytest.mark.slow
def test_strict_build_fails_when_the_page_path_is_taken(site: Path) -> None:
    write(site, {"docs/glossary.md": "# Hand-written\n"})
    strict = _build(site)
    assert strict.returncode != 0
    assert "'glossary.md' already exists in the docs folder" in strict.stderr


@pytest.mark.slow
def test_the_project_site_builds_strict(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "glossary" / "index.html").is_file()


@pytest.fixture
def served(site: Path) -> Iterator[str]:
    assert _build(site).returncode == 0
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site / "site"))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,900",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # offline: no CDN may draw the diagram
]  # fmt: skip


@pytest.mark.slow
def test_browser_shows_the_glossary_and_a_tooltip(served: str, tmp_path: Path) -> None:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or driver is None:
        pytest.skip("Debian's chromium and chromium-driver are not installed (.ci/run installs them)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(driver), options=options)
    try:
        browser.get(served + "glossary/")
        anchors = [e.get_attribute("id") for e in browser.find_elements(By.CSS_SELECTOR, "h3[id]")]
        assert anchors == ["request-admission", "task-admission", "submission-slot"]
        shown = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "article code")]
        assert "_submission_semaphore" in shown and "numpy.float_" in shown  # every underscore kept
        link = browser.find_element(By.LINK_TEXT, "the scheduler notes")
        assert link.get_attribute("href") == "https://example.com/scheduler"
        assert (
            "[not this](javascript:alert(1))"
            in browser.find_element(By.ID, "submission-slot").find_element(By.XPATH, "following-sibling::p").text
        )
        # Material draws the map after the page has loaded: wait for the drawing, however long it takes.
        drawn = WebDriverWait(browser, 60).until(
            lambda b: [d for d in b.find_elements(By.CSS_SELECTOR, "article div.mermaid") if d.size["height"] > 100]
        )
        assert drawn and not browser.find_elements(By.CSS_SELECTOR, "pre.mermaid")
        browser.save_screenshot(str(tmp_path / "glossary.png"))
        assert (tmp_path / "glossary.png").stat().st_size > 10_000
        browser.get(served)
        link = browser.find_element(By.CSS_SELECTOR, "a.vocab-term")
        paragraph = link.find_element(By.XPATH, "..")
        assert link.value_of_css_property("text-decoration-style") == "dotted"  # the plugin's stylesheet
        assert link.value_of_css_property("color") == paragraph.value_of_css_property("color")
        ActionChains(browser).move_to_element(link).perform()
        deadline = time.monotonic() + 5
        tooltips: list[Any] = []
        while time.monotonic() < deadline and not tooltips:
            tooltips = [t for t in browser.find_elements(By.CSS_SELECTOR, ".md-tooltip2") if t.is_displayed()]
            time.sleep(0.1)
        assert tooltips and "Bounds provider calls." in tooltips[0].text
        browser.save_screenshot(str(tmp_path / "tooltip.png"))
    finally:
        browser.quit()


LINK_VOCAB = """version: 1
name: links
terms:
  - name: task admission
    category: c
    definition: Bounds scheduler work, which keeps the scheduler from starting more tasks than the machine and the providers can take at once, whatever the run asks for, without bounding provider calls themselves.
  - name: row-group admission
    category: c
    definition: Admits row groups.
  - name: lease table
    category: c
    definition: Internal bookkeeping.
    audience: internal
"""
LINK_PAGE = """# Guide

Identifiers: RowGroupAdmissionController and task_admission_limit; a flag --task-admission,
a path docs/task-admission.md, an address task.admission@example.com.

Wrong spelling: row group admission. Internal: the lease table.

!!! note "Task admission"
    Inside an admonition.

| Task admission | Value |
| --- | --- |
| row-group admission | 1 |

Task admission
:   Defined here.

<details markdown="1"><summary>Task admission</summary>
Details.
</details>

Finally task admission in prose.
"""
LINK_YML = """site_name: links
theme:
  name: material
plugins:
  - vocab-glossary:
      vocabulary: ../vocab.yaml
markdown_extensions:
  - admonition
  - tables
  - def_list
  - md_in_html
  - lint.markdown_extension:
      vocabulary: ../vocab.yaml
validation:
  links:
    absolute_links: relative_to_docs
nav:
  - Guide: index.md
  - Glossary: glossary.md
"""


@pytest.mark.slow
def test_terms_are_linked_only_where_a_reader_can_trust_the_link(tmp_path: Path) -> None:
    root = write(tmp_path, {"vocab.yaml": LINK_VOCAB, "site/mkdocs.yml": LINK_YML, "site/docs/index.md": LINK_PAGE})
    # Built from another folder with -f: the vocabulary resolves from mkdocs.yml's folder.
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        "site/mkdocs.yml",
        "-d",
        str(tmp_path / "out"),
    ]
    built = subprocess.run(
        command, cwd=root, capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    )
    assert built.returncode == 0, built.stderr
    guide = (tmp_path / "out" / "index.html").read_text()
    linked = term_links(guide)
    assert [(href.rpartition("#")[2], text) for href, _, text in linked] == [
        ("row-group-admission", "row-group admission"),  # the first right spelling, in a table cell
        ("task-admission", "task admission"),  # only in prose: not in identifiers, flags, paths, titles, th, dt
    ]
    tooltip = linked[1][1]
    assert tooltip.endswith("…") and len(tooltip) <= 160 and tooltip[:-1] == tooltip[:-1].rstrip()
    assert tooltip == "Bounds scheduler work." or " ".join(tooltip[:-1].split()) in LINK_VOCAB
    glossary = (tmp_path / "out" / "glossary" / "index.html").read_text()
    assert 'id="task-admission"' in glossary and "lease table" not in glossary  # internal terms stay internal


FRAGMENTS_HOOK = """
import markdown


def on_page_markdown(text, page, config, files):
    # Like mkdocstrings: parts of the page rendered by Markdown conversions of their own.
    if page.file.src_uri != "api.md":
        return text
    parts = []
    for fragment in ("Task admission in a first docstring.", "Task admission in a second docstring."):
        md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        parts.append(md.convert(fragment))
    return text + "\\n\\n" + "\\n\\n".join(parts) + "\\n"
"""


@pytest.mark.slow
def test_first_mention_per_page_and_the_ways_to_opt_out(tmp_path: Path) -> None:
    yml = LINK_YML.replace("nav:\n", "hooks:\n  - fragments.py\nnav:\n  - API: api.md\n  - Quiet: quiet.md\n")
    pages = {
        "site/docs/api.md": "# API\n\nThe task admission of the page itself.\n",
        "site/docs/quiet.md": "---\nglossary_links: false\n---\n# Quiet\n\nTask admission is not linked here.\n",
        "site/docs/index.md": (
            "# Guide\n\n<!-- vocab-lint: nolink the MCP client's own task admission -->\n"
            "Its task admission is another thing.\n\n<!-- vocab-lint: off -->\n\nTask admission, quoted.\n\n"
            "<!-- vocab-lint: on -->\n\nHere task admission is ours.\n"
        ),
    }
    root = write(
        tmp_path, {"vocab.yaml": LINK_VOCAB, "site/mkdocs.yml": yml, "site/fragments.py": FRAGMENTS_HOOK, **pages}
    )
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")]
    built = subprocess.run(
        command,
        cwd=root / "site",
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert built.returncode == 0, built.stderr

    def links(page: str) -> list[str]:
        html = (tmp_path / "out" / page).read_text()
        return [text for _, _, text in term_links(html)]

    assert links("api/index.html") == ["Task admission"]  # one link for the page, whatever rendered it
    assert links("quiet/index.html") == []
    assert links("index.html") == ["task admission"]  # only after the nolink block and the off region
    assert 'Here <a class="vocab-term"' in (tmp_path / "out" / "index.html").read_text()


def test_the_page_opens_with_a_map_of_the_terms(run_cli: Any) -> None:
    page = run_cli("glossary", "--vocab", str(CAPACITY)).out
    head = page.split("\n## ", 1)[0]
    assert "```mermaid\nflowchart LR\n" in head
    assert '  subgraph g0["Capacity layers"]\n    t_engine_selection["engine selection"]' in head
    assert "  t_adaptive_request_domain_limit --- t_request_admission\n" in head  # see_also, once per pair
    assert "mermaid" not in run_cli("glossary", "--vocab", str(CAPACITY), "--no-diagram").out
    mdx = run_cli("glossary", "--vocab", str(CAPACITY), "--format", "mdx").out.split("\n## ", 1)[0]
    assert "```mermaid" not in mdx and "- **Capacity layers**: [engine selection](#engine-selection), " in mdx


@pytest.mark.parametrize("page_format", ["markdown", "mdx"])
def test_code_names_are_code_spans_shown_exactly(run_cli: Any, page_format: str) -> None:
    """Raw `<code>` in Markdown let `_submission_semaphore` render as an italic `submission`."""
    page = run_cli("glossary", "--vocab", str(CAPACITY), "--format", page_format).out
    assert "| `throttle_manager.py` | removed |" in page
    assert "becomes `model_request_executor` |" in page  # code names in the note too
    assert "`_submission_semaphore`" in page
    assert "<code>" not in page and "<wbr" not in page


def test_definitions_keep_a_safe_subset_of_markdown(tmp_path: Path, run_cli: Any) -> None:
    definition = (
        "Uses `_slots` and *care*; see [notes](https://example.com/a_(b)), [a page](../guide.md), "
        "[bad](javascript:alert(1)), ![img](https://example.com/i.png) and <b>bold</b>."
    )
    vocabulary = f"version: 1\nname: d\nterms:\n  - {{name: slot, category: c, definition: '{definition}'}}\n"
    write(tmp_path, {"vocab.yaml": vocabulary})
    page = run_cli("glossary", "--vocab", "vocab.yaml", cwd=tmp_path).out
    assert (
        "Uses `_slots` and *care*; see [notes](https://example.com/a_%28b%29), [a page](../guide.md), "
        "\\[bad\\]\\(javascript:alert\\(1\\)\\), \\![img](https://example.com/i.png) and &lt;b&gt;bold&lt;/b&gt;."
    ) in page
    rst = run_cli("glossary", "--vocab", "vocab.yaml", "--format", "rst", cwd=tmp_path).out
    assert "Uses \\ ``_slots``\\  and care; see \\ `notes <https://example.com/a_(b)>`__\\ ," in rst


@pytest.mark.slow
def test_the_project_site_renders_the_diagram(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=REPO, capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    glossary = (tmp_path / "site" / "glossary" / "index.html").read_text()
    assert glossary.count('class="mermaid"') == 1 and "subgraph g0" in glossary
    assert "assets/vocab-glossary.css" in glossary
    assert '<script src="../assets/vocab-glossary/mermaid.min.js"></script>' in glossary  # shipped, no CDN
    assert "mermaid.min.js" not in (tmp_path / "site" / "index.html").read_text()  # only that page pays for it
    assert (tmp_path / "site/assets/vocab-glossary/mermaid.min.js").stat().st_size > 1_000_000


API_MODULE = '''"""The shop."""


def first() -> None:
    """Task admission in the first docstring."""


def second() -> None:
    """Task admission in the second docstring."""
'''


@pytest.mark.slow
def test_an_api_page_rendered_by_mkdocstrings_links_each_term_once(tmp_path: Path) -> None:
    pytest.importorskip("mkdocstrings_handlers.python", reason="mkdocstrings[python] is not installed")
    yml = LINK_YML.replace("../vocab.yaml", "vocab.yaml").replace(
        "markdown_extensions:", "  - mkdocstrings:\n      handlers:\n        python:\n          paths: [src]\nmarkdown_extensions:"
    ).replace("  - Guide: index.md\n", "  - API: api.md\n")  # fmt: skip
    root = write(tmp_path, {"vocab.yaml": LINK_VOCAB, "mkdocs.yml": yml, "src/shop/__init__.py": API_MODULE,
                            "docs/api.md": "# API\n\n::: shop\n"})  # fmt: skip
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")]
    built = subprocess.run(
        command, cwd=root, capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    )
    assert built.returncode == 0, built.stderr
    html = (tmp_path / "out" / "api" / "index.html").read_text()
    assert "in the first docstring" in html and "in the second docstring" in html
    assert [text for _, _, text in term_links(html)] == ["Task admission"]


@pytest.mark.parametrize("lead", ["I", "İ"])  # "İ" lower-cases to two characters
def test_the_linker_finds_the_same_mentions_whatever_the_text_lower_cases_to(lead: str) -> None:
    import markdown

    from lint.site.markdown_extension import GlossaryLinkExtension

    text = f"{lead}: Request\nadmission, not task-admission or the static provider caps; RequestAdmission."
    md = markdown.Markdown(extensions=[GlossaryLinkExtension(vocabulary=str(CAPACITY), mode="every")])
    linked = [(href.rpartition("#")[2], text) for href, _, text in term_links(md.convert(text))]
    assert linked == [
        ("request-admission", "Request\nadmission"),
        ("task-admission", "task-admission"),
        ("static-provider-cap", "static provider caps"),
    ]
