"""vocab-lint: keep a codebase's vocabulary honest."""

__version__ = "0.1.0"
