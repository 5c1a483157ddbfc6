"""Ids: unique per kind, unique within a record's lists, and in agreement with the file's path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from samverkan_cli.checks.walk import plain_values, values_at
from samverkan_cli.diagnostics import Diagnostic
from samverkan_cli.loading.loader import Dataset, Record
from samverkan_cli.models import Promise

# Lists within one record whose items must have distinct ids.
_ITEM_IDS: tuple[tuple[str, ...], ...] = (
    ("goals", "*", "id"),
    ("goals", "*", "targets", "*", "id"),
    ("commitments", "*", "id"),
    ("commitments", "*", "targets", "*", "id"),
    ("areas", "*", "id"),
    ("sub_referrals", "*", "id"),
)


def _unique_ids(dataset: Dataset) -> Iterator[Diagnostic]:
    for records in dataset.records.values():
        seen: dict[tuple[str, str], Record[Any]] = {}
        for record in records:
            scope_field = record.kind.scope
            scope = str(getattr(record.model, scope_field)) if scope_field else ""
            key = (scope, str(record.model.id))
            first = seen.setdefault(key, record)
            if first is not record:
                yield record.diagnostic(
                    ("id",),
                    "duplicate-id",
                    f"id '{key[1]}' används redan av {first.file.display}; ett id får bara"
                    f" finnas en gång per {record.kind.title}",
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
                            "duplicate-id",
                            f"id '{value}' finns redan {where} (rad {line})",
                        )


def _path_agrees(dataset: Dataset) -> Iterator[Diagnostic]:
    for records in dataset.records.values():
        for record in records:
            for field, from_path in record.file.captured.items():
                value = str(getattr(record.model, field))
                if value != from_path:
                    yield record.diagnostic(
                        (field,),
                        "path-mismatch",
                        f"'{field}' är '{value}' men filens sökväg säger '{from_path}';"
                        f" flytta filen till {record.kind.layout}"
                        " eller rätta värdet",
                    )
    for record in dataset.of(Promise):
        promise = record.model
        expected = f"{promise.police_area}-{promise.year}"
        if promise.id != expected:
            yield record.diagnostic(
                ("id",),
                "path-mismatch",
                f"ett medborgarlöftes id är '<lokalpolisområde>-<år>', här '{expected}'",
            )


def check(dataset: Dataset) -> Iterator[Diagnostic]:
    yield from _unique_ids(dataset)
    yield from _unique_item_ids(dataset)
    yield from _path_agrees(dataset)
