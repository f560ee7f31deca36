"""Drafting the vocabulary from a repository's history (`vocab-lint vocab suggest`)."""
