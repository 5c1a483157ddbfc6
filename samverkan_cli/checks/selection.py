"""Which records a change touches: the changed files and every record that points at them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from samverkan_cli.checks.walk import values_at
from samverkan_cli.records.dataset import Record
from samverkan_cli.records.dependencies import REFERENCES
from samverkan_cli.records.keys import RecordKey, key_of_path
from samverkan_cli.records.models import KINDS, Remiss, Revision

_KIND_NAMES = {kind.model: kind.name for kind in KINDS}


def _pointers(record: Record[Any]) -> Iterator[RecordKey]:
    """Every record this one refers to."""
    model = record.model
    for reference in REFERENCES:
        if type(model) is reference.source:
            for _, value in values_at(model, reference.pattern):
                yield RecordKey(_KIND_NAMES[reference.target], "", value)
    if isinstance(model, Remiss):
        yield RecordKey("revision", model.agreement, model.revision)
    if isinstance(model, Revision) and any(area.continues for area in model.areas):
        yield RecordKey("revision", model.agreement, "*")


def affected(
    records: Iterable[Record[Any]], changed: Iterable[tuple[str, ...]]
) -> list[tuple[str, ...]]:
    """The files (relative to the data root) of these records that point at a changed file's
    record."""
    keys = {key for key in map(key_of_path, changed) if key is not None}
    revised_agreements = {scope for kind, scope, _ in keys if kind == "revision"}
    selected = set()
    for record in records:
        for pointer in _pointers(record):
            _kind, scope, record_id = pointer
            if pointer in keys or (record_id == "*" and scope in revised_agreements):
                selected.add(record.file.parts)
                break
    return sorted(selected)
