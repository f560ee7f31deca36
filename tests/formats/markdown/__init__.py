"""Tests of the Markdown and MDX formats: tokens, contexts, exact inline positions, directives."""
