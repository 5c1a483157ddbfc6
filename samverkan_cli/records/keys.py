"""What names a record across datasets and files: its kind, its scope and its id."""

from __future__ import annotations

from typing import Any, NamedTuple

from samverkan_cli.records.dataset import Record
from samverkan_cli.records.models import kind_for_path


class RecordKey(NamedTuple):
    """(kind, scope, id): ids are unique per kind, and per scope where the kind has one
    (the agreement, for revisions); scope is empty otherwise."""

    kind: str
    scope: str
    id: str


def record_key(record: Record[Any]) -> RecordKey:
    """The key of a modelled record."""
    scope_field = record.kind.scope
    scope = str(getattr(record.model, scope_field)) if scope_field else ""
    return RecordKey(record.kind.name, scope, str(record.model.id))


def key_of_path(parts: tuple[str, ...]) -> RecordKey | None:
    """The key of the record a file under the data root holds, judged by its path alone (the
    file may be gone); None for a path that holds no record."""
    found = kind_for_path(parts)
    if found is None:
        return None
    kind, captured = found
    return RecordKey(kind.name, captured.get(kind.scope, "") if kind.scope else "", captured["id"])
