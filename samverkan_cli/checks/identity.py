"""Ids: unique per kind, unique within a record's lists, and in agreement with the file's path."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from samverkan_cli.checks.walk import plain_values, values_at
from samverkan_cli.diagnostics import Code, Diagnostic
from samverkan_cli.loading.reading import SourceFile
from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.keys import RecordKey, record_key
from samverkan_cli.records.models import KINDS_BY_NAME

# Lists within one record whose items must have distinct ids.
_ITEM_IDS: tuple[tuple[str, ...], ...] = (
    ("goals", "*", "id"),
    ("goals", "*", "targets", "*", "id"),
    ("commitments", "*", "id"),
    ("commitments", "*", "targets", "*", "id"),
    ("areas", "*", "id"),
    ("sub_referrals", "*", "id"),
)


@dataclass(frozen=True, slots=True)
class Identity:
    """What makes a record's id unique: its key (kind, scope, id); and the file it is in."""

    path: str
    key: RecordKey

    @property
    def kind(self) -> str:
        return self.key.kind

    @property
    def id(self) -> str:
        return self.key.id


def identities(records: Iterable[Record[Any]]) -> list[Identity]:
    return [Identity(record.file.display, record_key(record)) for record in records]


def duplicate_ids(
    found: Iterable[Identity], files: Mapping[str, SourceFile]
) -> Iterator[Diagnostic]:
    """Each id that another record of its kind (and scope) has in an earlier file. `found`
    is in file order; `files` has every file by its display path."""
    seen: dict[RecordKey, Identity] = {}
    for identity in found:
        first = seen.setdefault(identity.key, identity)
        if first is not identity:
            source = files[identity.path]
            yield source.diagnostic(
                source.positions.of_value(("id",)),
                Code.DUPLICATE_ID,
                f"id '{identity.id}' används redan av {first.path}; ett id får bara"
                f" finnas en gång per {KINDS_BY_NAME[identity.kind].title}",
            )


def _unique_item_ids(dataset: Dataset) -> Iterator[Diagnostic]:
    for records in dataset.records.values():
        if not records:
            continue
        fields = type(records[0].model).__pydantic_fields__
        patterns = [pattern for pattern in _ITEM_IDS if pattern[0] in fields]
        for record in records:
            for pattern in patterns:
                ids = plain_values([record.model], pattern)
                if len(set(ids)) == len(ids):
                    continue
                seen: dict[str, tuple[int | str, ...]] = {}
                targets_pattern = "targets" in pattern
                for path, value in values_at(record.model, pattern):
                    first = seen.setdefault(value, path)
                    if first != path:
                        where = "i posten" if targets_pattern else "i listan"
                        line = record.file.positions.of_value(first)[0]
                        yield record.diagnostic(
                            path,
                            Code.DUPLICATE_ID,
                            f"id '{value}' finns redan {where} (rad {line})",
                        )


def _path_agrees(dataset: Dataset) -> Iterator[Diagnostic]:
    for records in dataset.records.values():
        for record in records:
            source = record.file
            values = {field: str(getattr(record.model, field)) for field in source.captured}
            for field, from_path in source.captured.items():
                value = values[field]
                if value == from_path:
                    continue
                expected = "/".join(record.kind.path_for(source.parts, values))
                here = "/".join(source.parts)
                shown = source.display
                if shown.endswith(here):
                    expected = shown[: len(shown) - len(here)] + expected
                yield record.diagnostic(
                    (field,),
                    Code.PATH_MISMATCH,
                    f"'{field}' är '{value}' men filens sökväg säger '{from_path}';"
                    f" ändra '{field}' till '{from_path}', eller flytta filen till {expected}",
                )


def check(dataset: Dataset) -> Iterator[Diagnostic]:
    """Everything but `duplicate_ids`, which needs the ids of the whole tree (see
    `ValidateJob.merge`)."""
    yield from _unique_item_ids(dataset)
    yield from _path_agrees(dataset)
