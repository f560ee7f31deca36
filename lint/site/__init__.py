"""The documentation site: the glossary page, the MkDocs plugin and the term-linking extension."""
