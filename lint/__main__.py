"""`python -m lint`: the same as the `vocab-lint` command."""

from lint.cli import entry_point

entry_point()
