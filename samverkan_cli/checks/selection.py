"""Which records a change touches: the changed files and every record that points at them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from samverkan_cli.checks.narrowing import pointing_at
from samverkan_cli.checks.walk import values_at
from samverkan_cli.records.dataset import Record
from samverkan_cli.records.dependencies import REFERENCES
from samverkan_cli.records.keys import RecordKey
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


def pointers(records: Iterable[Record[Any]]) -> dict[tuple[str, ...], list[RecordKey]]:
    """By file (relative to the data root), every record its records point at."""
    found: dict[tuple[str, ...], list[RecordKey]] = {}
    for record in records:
        found.setdefault(record.file.parts, []).extend(_pointers(record))
    return found


def affected(
    records: Iterable[Record[Any]], changed: Iterable[tuple[str, ...]]
) -> list[tuple[str, ...]]:
    """The files (relative to the data root) of these records that point at a changed file's
    record."""
    return pointing_at(pointers(records), changed)
