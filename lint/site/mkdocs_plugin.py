"""MkDocs plugin `vocab-glossary`: generate the glossary page from the vocabulary at build time.

```yaml
plugins:
  - vocab-glossary:
      vocabulary: vocab.yaml      # default: the discovery of `vocab-lint check`
      page: glossary.md           # where the page appears in the site
      title: Glossary
```

The page is a generated file (no committed copy). `mkdocs serve` watches the vocabulary.
Its diagram is drawn by the Mermaid script the package ships, loaded by that page alone,
so the site renders it offline and without a CDN (Material uses a `mermaid` it finds).
Problems (an invalid vocabulary, a page path that a real file already uses) are logged
through MkDocs' logger, so `mkdocs build --strict` fails on them.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from lint.errors import LintError, VocabularyError
from lint.site.glossary import DEFAULT_TITLE, render_glossary
from lint.site.markdown_extension import PageLinks, load_once
from lint.vocabulary.model import Vocabulary

log = logging.getLogger("mkdocs.plugins.vocab-glossary")
STYLESHEET = "assets/vocab-glossary.css"  # term links: dotted underline, the text's own colour
MERMAID = "assets/vocab-glossary/mermaid.min.js"  # mermaid 11 (MIT), as Material would fetch it


class GlossaryConfig(base.Config):
    """Options of the plugin."""

    vocabulary = c.Optional(c.Type(str))
    page = c.Type(str, default="glossary.md")
    title = c.Type(str, default=DEFAULT_TITLE)
    audiences = c.ListOfItems(c.Choice(["public", "internal"]), default=["public"])
    diagram = c.Type(bool, default=True)


def load_for_site(config_dir: Path, vocabulary: str | None) -> tuple[Path, Vocabulary]:
    """The vocabulary named in the site's settings, or found as `vocab-lint check` finds it."""
    from lint.config import find_settings

    explicit = (config_dir / vocabulary) if vocabulary else None
    settings = find_settings(config_dir, explicit)
    return settings.vocabulary, load_once(settings)


class GlossaryPlugin(BasePlugin[GlossaryConfig]):
    """Adds the generated glossary page to the site."""

    def __init__(self) -> None:
        self.vocabulary_path: Path | None = None
        self.vocabulary: Vocabulary | None = None
        self.page_links = PageLinks()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if "attr_list" not in config.markdown_extensions:
            config.markdown_extensions.append("attr_list")
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        config_dir = Path(config.config_file_path).resolve().parent
        try:
            self.vocabulary_path, self.vocabulary = load_for_site(config_dir, self.config.vocabulary)
        except VocabularyError as exc:
            self.vocabulary = None
            for problem in exc.problems:
                log.warning("vocab-glossary: %s", problem)
        except LintError as exc:
            self.vocabulary = None
            log.warning("vocab-glossary: %s", exc)
        self._configure_linker(config, config_dir)
        return config

    def _configure_linker(self, config: MkDocsConfig, config_dir: Path) -> None:
        """Point the term-linking extension at this site's vocabulary and audiences.

        Its `vocabulary` option is resolved from mkdocs.yml's folder (not the working
        folder), so `mkdocs build -f other/mkdocs.yml` links with the right vocabulary.
        """
        for name in ("lint.markdown_extension", "vocab_glossary_links"):
            if name not in config.markdown_extensions:
                continue
            options = config.mdx_configs.setdefault(name, {})
            given = options.get("vocabulary")
            if given:
                options["vocabulary"] = str((config_dir / given).resolve())
                if not Path(options["vocabulary"]).is_file():
                    raise PluginError(f"{name}: vocabulary file not found: {options['vocabulary']}")
            elif self.vocabulary_path is not None:
                options["vocabulary"] = str(self.vocabulary_path.resolve())
            options.setdefault("audiences", list(self.config.audiences))
            options["page"] = self.page_links

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        page = self.config.page
        if self.vocabulary is None:
            log.warning("vocab-glossary: the glossary page '%s' was not generated (see the problems above)", page)
            return files
        existing = files.get_file_from_path(page)
        if existing is not None:
            log.warning(
                "vocab-glossary: '%s' already exists in the docs folder; the generated glossary replaces it", page
            )
            files.remove(existing)
        assets = resources.files("lint.site").joinpath("assets")
        stylesheet = assets.joinpath("vocab-glossary.css").read_text("utf-8")
        files.append(File.generated(config, STYLESHEET, content=stylesheet))
        if self.config.diagram:
            files.append(File.generated(config, MERMAID, content=assets.joinpath("mermaid.min.js").read_bytes()))
        content = render_glossary(
            self.vocabulary, self.config.title, audiences=tuple(self.config.audiences), diagram=self.config.diagram
        )
        files.append(File.generated(config, page, content=content))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Links on this page: first mentions count across all its fragments; front matter
        `glossary_links: false` turns them off."""
        self.page_links.begin(enabled=page.meta.get("glossary_links", True) is not False)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.page_links.end()
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """The glossary page loads the shipped Mermaid before the theme looks for one."""
        if not (self.config.diagram and page.file.src_uri == self.config.page and "</head>" in output):
            return output
        script = f'<script src="{get_relative_url(MERMAID, page.url)}"></script>'
        return output.replace("</head>", f"{script}\n</head>", 1)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.vocabulary_path is not None:
            server.watch(str(self.vocabulary_path))
        return server
