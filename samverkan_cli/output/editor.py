"""`samverkan init`: what an editor and git need to help with the records of a data
repository, the schemas in schemas/ (where the records' modelines point), VS Code's settings
and pre-commit's hook, written so that running it again changes nothing and a file someone
has changed is left alone."""

from __future__ import annotations

import hashlib
import json
import os
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
    LINKED = (
        "är en symbolisk länk eller ligger under en och skrivs inte genom; init skriver bara"
        " i katalogen den får: ta bort länken"
    )
    NOT_YAML = (
        "kan inte läsas som en pre-commit-konfiguration (en mappning med listan repos) och"
        " skrivs inte över; lägg till kroken för hand under repos: - repo: local, hooks: - id:"
        " samverkan-validate, entry: samverkan validate --staged, language: system"
    )


@dataclass
class Initialised:
    directory: Path
    files: list[tuple[str, Outcome]] = field(default_factory=list)
    """Each file, relative to the directory, and what was done with it."""

    @property
    def kept(self) -> list[str]:
        return [name for name, outcome in self.files if outcome in _LEFT_ALONE]

    @property
    def forcible(self) -> list[str]:
        """Of those kept, the ones --force would write over."""
        return [name for name, outcome in self.files if outcome in _FORCIBLE]


_FORCIBLE = (Outcome.KEPT, Outcome.UNREADABLE)
_LEFT_ALONE = (*_FORCIBLE, Outcome.LINKED, Outcome.NOT_YAML)

PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"
HOOK: dict[str, Any] = {
    "id": "samverkan-validate",
    "name": "samverkan validate",
    "entry": "samverkan validate --staged",
    "language": "system",
    "always_run": True,
    "pass_filenames": False,
    "require_serial": True,
}
"""pre-commit's hook in a data repository: the hook of .pre-commit-hooks.yaml, run with the
samverkan installed on the machine (`repo: local`), so that it needs no address of
samverkan's own repository."""
PRE_COMMIT_TEXT = f"""\
# pre-commit (https://pre-commit.com) kontrollerar posterna före varje commit: det som
# committen ändrar, borttagna filer och poster som pekar på dem. Installera kroken en gång med
# `pre-commit install`; den kör samverkan som är installerad på datorn. Skriven av
# `samverkan init`.
repos:
  - repo: local
    hooks:
      - id: {HOOK["id"]}
        name: {HOOK["name"]}
        entry: {HOOK["entry"]}
        language: {HOOK["language"]}
        always_run: true
        pass_filenames: false
        require_serial: true
"""


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
        if through_link(directory, name):
            done.files.append((name, Outcome.LINKED))
            continue
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
    if written != recorded and not through_link(directory, MANIFEST):
        write_text_atomic(manifest_path, json_text({**recorded, **written}))
    for name, wanted in (
        (".vscode/settings.json", vscode_settings()),
        (".vscode/extensions.json", vscode_extensions()),
    ):
        if through_link(directory, name):
            done.files.append((name, Outcome.LINKED))
        else:
            done.files.append((name, _settings_file(directory / name, wanted, force=force)))
    if through_link(directory, PRE_COMMIT_CONFIG):
        done.files.append((PRE_COMMIT_CONFIG, Outcome.LINKED))
    else:
        done.files.append((PRE_COMMIT_CONFIG, _pre_commit_file(directory / PRE_COMMIT_CONFIG)))
    return done


def through_link(directory: Path, name: str) -> bool:
    """Does `name` (a path relative to `directory`) lie at or under a symbolic link? init
    writes only in the directory it is given and never through a link, which a repository
    can hold (a dangling one would have init make a file wherever it names)."""
    path = directory
    for part in name.split("/"):
        path = path / part
        if os.path.islink(path):
            return True
    return False


def _pre_commit_file(path: Path) -> Outcome:
    """pre-commit's configuration with samverkan's hook: written where there is none, the
    hook added to the repositories of one that lacks it (through the records' writer: every
    other line stays as it was), and left as it is where it has the hook or cannot be read,
    --force or not: the file holds the user's other hooks."""
    from samverkan_cli.records.writer import EditRefused, RecordEdit

    if not os.path.lexists(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, PRE_COMMIT_TEXT)
        return Outcome.WRITTEN
    try:
        edit = RecordEdit.open(path)
        repos = edit.data.setdefault("repos", [])
    except (OSError, EditRefused):
        return Outcome.NOT_YAML
    if not isinstance(repos, list) or not all(isinstance(repo, dict) for repo in repos):
        return Outcome.NOT_YAML
    for repo in repos:
        hooks = repo.get("hooks")
        if isinstance(hooks, list) and any(
            isinstance(hook, dict) and hook.get("id") == HOOK["id"] for hook in hooks
        ):
            return Outcome.UNCHANGED
    repos.append({"repo": "local", "hooks": [dict(HOOK)]})
    edit.save()
    return Outcome.UPDATED


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
