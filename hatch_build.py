"""Wheel build hook: ship the embedded default vocabulary pre-parsed, as JSON beside its YAML.

`check` builds the default from the JSON without importing a YAML parser (a quarter of a
cold run's start-up); the JSON names the hash of the YAML text it was made from, and the
loader uses it only while that text is unchanged.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def packaged_form(text: str) -> str:
    """The JSON the wheel carries for a vocabulary's YAML `text`."""
    from ruamel.yaml import YAML

    data = YAML(typ="safe", pure=True).load(text)
    return json.dumps({"source": hashlib.sha256(text.encode()).hexdigest(), "data": data}, ensure_ascii=False)


class DefaultVocabularyHook(BuildHookInterface):
    """Adds `lint/data/vocab.json` to a wheel (an editable install reads the YAML)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        self._folder = Path(tempfile.mkdtemp())
        packed = self._folder / "vocab.json"
        packed.write_text(packaged_form(Path(self.root, "vocab.yaml").read_text(encoding="utf-8")), encoding="utf-8")
        build_data["force_include"][str(packed)] = "lint/data/vocab.json"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
