"""Default ids of removed and deprecated names, unique even for names that differ in case."""

from __future__ import annotations

import re

from lint.text.words import slug


class RetiredIds:
    """Hands out the default id of each removed or deprecated name, in file order."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}  # id -> the name it was given to

    def of(self, name: str) -> str:
        """The kebab-case words of `name`, unless an earlier name has the same words
        (`DatasetManager`, `dataset_manager`: distinct names when spelt exactly); then the
        name as spelt, numbered if even that is taken, so that neither needs an `id:`. The
        same name twice gets the same id (the duplicate is reported, as an explicit one is)."""
        derived = slug(name)
        if self._names.setdefault(derived, name) == name:
            return derived
        spelt = candidate = re.sub(r"[^A-Za-z0-9_]+", "-", name).strip("-")
        number = 1
        while self._names.setdefault(candidate, name) != name:
            number += 1
            candidate = f"{spelt}-{number}"
        return candidate
