"""What names a record across datasets and files: its kind, its scope and its id."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from samverkan_cli.records.layouts import layout_for_path

if TYPE_CHECKING:
    from samverkan_cli.records.dataset import Record


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
    found = layout_for_path(parts)
    if found is None:
        return None
    layout, captured = found
    scope = captured.get(layout.scope, "") if layout.scope else ""
    return RecordKey(layout.kind, scope, captured["id"])
