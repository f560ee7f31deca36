"""`vocab-lint init`: a starter vocabulary and the settings table, for a project that has none.

The embedded default describes one project's words; elsewhere they mean nothing. The
starter is a valid vocabulary with one commented example of each kind of entry (a line
for editors to find the schema first); with `--since REV` its `removed:` and
`moved_modules:` are drafted from what git history renamed (`vocab suggest`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TextIO

from lint.config import VOCABULARY_FILENAME
from lint.errors import LintError
from lint.files.textfile import write_output
from lint.rules import docs_url
from lint.settings_file import PYPROJECT, SETTINGS_FILENAME, TABLE, holds_settings

# Each kind of entry, commented out: uncomment one (and drop its `[]`) to make it yours.
EXAMPLES = """\
categories: []
#  - id: core
#    title: Core concepts

terms: []
#  - name: request admission
#    definition: Deciding whether one more request may start now, from the room left.
#    category: core
#    code_names: [RequestAdmission]
#    aliases: [admission]
#    avoid: [request gating]
#    audience: public

removed: []
#  - name: RequestGate
#    replacement: RequestAdmission
#    message: The gate was renamed when admission got its own layer.
#    examples: {flag: ["gate = RequestGate()"], pass: ["gate = RequestAdmission()"]}

deprecated: []
#  - name: max_requests
#    replacement: request_limit
#    allowed_paths: ["**/compat.py"]

prose_words: []
#  - word: gating
#    message: Say "admission" for deciding whether a request may start.

moved_modules: []
#  - old: project.gate
#    new: project.admission

conflations: []
#  - id: admission-is-not-rate-limiting
#    first: [request admission]
#    second: [rate limit]
#    message: Admission counts requests in flight; a rate limit counts requests over time.

paths:
  historical: [CHANGELOG.md]
#  public_docs: ["docs/**"]
#  internal_docs: ["docs/internals/**"]
"""

SETTINGS_LINES = """\
vocabulary = "vocab.yaml"
# extend-exclude = ["tests/fixtures/"]
# per-file-ignores = {"tests/**" = ["deprecated-name"]}
"""


def starter(name: str, draft: str = "") -> str:
    """The text of a starter `vocab.yaml` named `name`; `draft` is a `vocab suggest` YAML
    fragment whose sections replace the empty examples of the same keys."""
    examples = EXAMPLES
    drafted = set(re.findall(r"^(\w+):$", draft, flags=re.MULTILINE))
    if "terms" in drafted:
        drafted.add("categories")
        draft = "categories:\n  - id: renamed\n    title: Renamed\n\n" + draft
    for key in drafted:  # the drafted section stands where its empty example was
        examples = re.sub(rf"^{key}: \[\]\n(?:#.*\n)*\n?", "", examples, flags=re.MULTILINE)
    header = (
        f"# yaml-language-server: $schema={docs_url()}vocab.schema.json\n"
        f"# The words of {name}: see {docs_url()}vocabulary/ for every key.\n"
        f"version: 1\nname: {_slug(name)}\n\n"
    )
    return header + (draft.rstrip("\n") + "\n\n" if draft else "") + examples


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "project"


def drafted_since(folder: Path, since: str) -> str:
    """The `vocab suggest` draft of what history renamed since `since` (its heading left out),
    measured against an empty vocabulary: nothing is covered yet."""
    from lint.engine.engine import Engine
    from lint.history.git import Repository
    from lint.history.render import as_yaml
    from lint.history.suggest import suggest
    from lint.vocabulary.load import parse_vocabulary

    repository = Repository(folder)
    empty = Engine(parse_vocabulary("version: 1\nname: empty\nterms: []\n", "empty"))
    return as_yaml(suggest(repository, repository.resolve(since), None, empty)).split("\n", 1)[1]


def run_init(folder: Path, draft: str, stderr: TextIO) -> int:
    """Write `vocab.yaml` and the settings table in `folder`; refuse to overwrite a vocabulary."""
    vocabulary = folder / VOCABULARY_FILENAME
    if vocabulary.exists():
        raise LintError(f"{vocabulary} exists already; init writes a new vocabulary only")
    text = starter(folder.resolve().name, draft)
    from lint.vocabulary.load import parse_vocabulary

    parse_vocabulary(text, VOCABULARY_FILENAME)  # what is written loads: a draft that would not is refused
    write_output(vocabulary, text)
    stderr.write(f"Wrote {vocabulary}.\n")
    pyproject, own = folder / PYPROJECT, folder / SETTINGS_FILENAME
    if holds_settings(own) or holds_settings(pyproject):
        stderr.write("The settings table exists already; left as it is.\n")
    elif pyproject.is_file():
        existing = pyproject.read_text(encoding="utf-8")
        write_output(pyproject, existing.rstrip("\n") + f"\n\n[{TABLE}]\n{SETTINGS_LINES}")
        stderr.write(f"Added [{TABLE}] to {pyproject}.\n")
    else:
        write_output(own, SETTINGS_LINES)
        stderr.write(f"Wrote {own}.\n")
    stderr.write("Next: `vocab-lint vocab test`, then `vocab-lint check`.\n")
    return 0
