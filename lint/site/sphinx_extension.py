"""Sphinx extension: the glossary page built from the vocabulary at build time.

```python
# conf.py
extensions = ["lint.site.sphinx_extension"]
vocab_glossary_vocabulary = "../vocab.yaml"  # default: found as `vocab-lint check` finds it
vocab_glossary_audiences = ["public"]
```

```rst
.. glossary.rst: the whole page
.. vocab-glossary::
   :title: Glossary
```

The directive writes the page `vocab-lint glossary --format rst` writes (its title, a
section per category, a `.. glossary::` entry per term, the migration table), so `:term:`
and `:ref:` references to the terms resolve across the site. A change to the vocabulary
rebuilds the page. A vocabulary that cannot be read is a Sphinx warning, which `-W` turns
into a failed build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.parsing import nested_parse_to_nodes

from lint.errors import LintError, VocabularyError
from lint.site.glossary import DEFAULT_TITLE
from lint.site.glossary_rst import render_rst_glossary


class VocabGlossary(SphinxDirective):
    """`.. vocab-glossary::`: the generated glossary, in place of the directive."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "title": directives.unchanged,
        "no-diagram": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        from lint.config import find_settings
        from lint.vocabulary.load import load_vocabulary

        config = self.env.config
        confdir = Path(self.env.app.confdir)
        explicit = confdir / config.vocab_glossary_vocabulary if config.vocab_glossary_vocabulary else None
        try:
            settings = find_settings(confdir, explicit)
            vocabulary = load_vocabulary(settings.vocabulary)
        except VocabularyError as exc:
            return [
                self.state.document.reporter.warning(f"vocab-glossary: {p}", line=self.lineno) for p in exc.problems
            ]
        except LintError as exc:
            return [self.state.document.reporter.warning(f"vocab-glossary: {exc}", line=self.lineno)]
        self.env.note_dependency(str(settings.vocabulary))
        page = render_rst_glossary(
            vocabulary,
            self.options.get("title", DEFAULT_TITLE),
            audiences=tuple(config.vocab_glossary_audiences),
            diagram="no-diagram" not in self.options,
            mermaid_directive="sphinxcontrib.mermaid" in self.env.app.extensions,
        )
        return list(nested_parse_to_nodes(self.state, page, source=str(settings.vocabulary)))

    def _warning(self, problem: str) -> nodes.system_message:
        return self.state.document.reporter.warning(f"vocab-glossary: {problem}", line=self.lineno)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive and its settings."""
    from lint import __version__

    app.add_config_value("vocab_glossary_vocabulary", None, "env", types=(str, type(None)))
    app.add_config_value("vocab_glossary_audiences", ["public"], "env", types=(list, tuple))
    app.add_directive("vocab-glossary", VocabGlossary)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
