"""`samverkan init`: what an editor needs to help with the records of a data repository, the
schemas in schemas/ (where the records' modelines point) and VS Code's settings, written so
that running it again changes nothing and a file someone has changed is left alone."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from samverkan_cli.records.modeline import SCHEMAS, schema_filename
from samverkan_cli.records.models import KINDS, Kind
from samverkan_cli.support.files import write_text_atomic

YAML_EXTENSION = "redhat.vscode-yaml"
"""VS Code's YAML extension: yaml-language-server."""
MANIFEST = f"{SCHEMAS}/.samverkan-init.json"
"""What init wrote last, by file: a schema that still has these bytes is init's own and may
be replaced by a newer one; one that does not was changed by someone and is kept."""
DATA = "data"


class Outcome(StrEnum):
    WRITTEN = "skriven"
    UPDATED = "uppdaterad"
    UNCHANGED = "oförändrad"
    KEPT = "ändrad för hand, skrivs inte över (--force skriver över)"
    UNREADABLE = "kan inte läsas som JSON, skrivs inte över (--force skriver över)"


@dataclass
class Initialised:
    directory: Path
    files: list[tuple[str, Outcome]] = field(default_factory=list)
    """Each file, relative to the directory, and what was done with it."""

    @property
    def kept(self) -> list[str]:
        return [
            name for name, outcome in self.files if outcome in (Outcome.KEPT, Outcome.UNREADABLE)
        ]


def glob_for(kind: Kind) -> str:
    """The files of a kind under data/, as a glob: `data/promises/*/*.yaml`."""
    parts = [
        "*" + part[part.index("}") + 1 :] if part.startswith("{") else part for part in kind.parts
    ]
    return "/".join([DATA, *parts])


def vscode_settings() -> dict[str, Any]:
    """The settings that give every record file its schema, with or without a modeline."""
    return {
        "yaml.schemas": {
            f"./{SCHEMAS}/{schema_filename(kind)}": [glob_for(kind)] for kind in KINDS
        },
    }


def vscode_extensions() -> dict[str, Any]:
    return {"recommendations": [YAML_EXTENSION]}


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _merged(existing: Any, wanted: dict[str, Any]) -> dict[str, Any]:
    """The user's settings with ours put in: their own keys, schema mappings and
    recommendations kept."""
    merged = dict(existing)
    for key, value in wanted.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        elif isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = merged[key] + [item for item in value if item not in merged[key]]
        else:
            merged.setdefault(key, value)
    return merged


def initialise(directory: Path, *, force: bool = False) -> Initialised:
    """Write schemas/ and .vscode/ into `directory` (made if missing); raises OSError."""
    from samverkan_cli.records.schema import schema_text

    done = Initialised(directory)
    manifest_path = directory / MANIFEST
    try:
        recorded: dict[str, str] = json.loads(_read(manifest_path) or "{}")
    except json.JSONDecodeError:
        recorded = {}
    written: dict[str, str] = {}
    for kind in KINDS:
        name = f"{SCHEMAS}/{schema_filename(kind)}"
        text = schema_text(kind)
        existing = _read(directory / name)
        if existing == text:
            outcome = Outcome.UNCHANGED
        elif existing is None:
            outcome = Outcome.WRITTEN
        elif force or recorded.get(name) == _digest(existing):
            outcome = Outcome.UPDATED
        else:
            done.files.append((name, Outcome.KEPT))
            continue
        if outcome is not Outcome.UNCHANGED:
            (directory / SCHEMAS).mkdir(parents=True, exist_ok=True)
            write_text_atomic(directory / name, text)
        written[name] = _digest(text)
        done.files.append((name, outcome))
    if written != recorded:
        write_text_atomic(manifest_path, json_text({**recorded, **written}))
    for name, wanted in (
        (".vscode/settings.json", vscode_settings()),
        (".vscode/extensions.json", vscode_extensions()),
    ):
        done.files.append((name, _settings_file(directory / name, wanted, force=force)))
    return done


def _settings_file(path: Path, wanted: dict[str, Any], *, force: bool) -> Outcome:
    existing = _read(path)
    if existing is None:
        merged = wanted
    else:
        try:
            found = json.loads(existing)
        except json.JSONDecodeError:
            found = None
        if not isinstance(found, dict):
            if not force:
                return Outcome.UNREADABLE
            found = {}
        merged = _merged(found, wanted)
        if merged == found:
            return Outcome.UNCHANGED
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json_text(merged))
    return Outcome.WRITTEN if existing is None else Outcome.UPDATED
