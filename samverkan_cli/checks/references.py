"""Every reference to another record resolves."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from samverkan_cli.checks.walk import plain_values, raw_values_at, values_at
from samverkan_cli.diagnostics import Code, Diagnostic, did_you_mean
from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.dependencies import REFERENCES, Reference
from samverkan_cli.records.keys import RecordKey, key_of_path
from samverkan_cli.records.models import KINDS, Area, Organisation, RecordModel
from samverkan_cli.records.organisations import polisregion_of

_KIND_NAMES = {kind.model: kind.name for kind in KINDS}


def unknown_reference(label: str, value: str, known: list[str]) -> str:
    hint = did_you_mean(value, known)
    return f"{label} '{value}' finns inte{hint}"


def _by_source_and_prefix() -> dict[type[RecordModel], dict[tuple[str, ...], list[Reference]]]:
    """References grouped so that a shared prefix (a promise's targets) is walked once."""
    grouped: dict[type[RecordModel], dict[tuple[str, ...], list[Reference]]] = {}
    for reference in REFERENCES:
        by_prefix = grouped.setdefault(reference.source, {})
        by_prefix.setdefault(reference.pattern[:-1], []).append(reference)
    return grouped


_GROUPED = _by_source_and_prefix()


def _unread(dataset: Dataset) -> dict[type[RecordModel], dict[str, str]]:
    """The files of each kind whose record could not be read, by the id their path gives."""
    read = {record.file.display for records in dataset.records.values() for record in records}
    found: dict[type[RecordModel], dict[str, str]] = {}
    for source in dataset.files:
        if source.kind is not None and source.display not in read:
            key = key_of_path(source.parts)
            if key is not None:
                found.setdefault(source.kind.model, {}).setdefault(key.id, source.display)
    return found


def unread_keys(dataset: Dataset) -> dict[RecordKey, str]:
    """The keys of the records that could not be read, by their paths, with their files."""
    read = {record.file.display for records in dataset.records.values() for record in records}
    found: dict[RecordKey, str] = {}
    for source in dataset.files:
        if source.kind is not None and source.display not in read:
            key = key_of_path(source.parts)
            if key is not None:
                found.setdefault(key, source.display)
    return found


def check(dataset: Dataset) -> Iterator[Diagnostic]:
    unread = _unread(dataset)
    for source, by_prefix in _GROUPED.items():
        records = dataset.of(source)
        for prefix, references in by_prefix.items():
            known = [dataset.by_id(reference.target) for reference in references]
            for record in records:
                under = plain_values([record.model], prefix)
                for reference, ids in zip(references, known, strict=True):
                    values = plain_values(under, reference.pattern[-1:])
                    if all(value in ids for value in values):
                        continue
                    for path, value in values_at(record.model, reference.pattern):
                        where = unread.get(reference.target, {}).get(value)
                        if value not in ids and where is not None:
                            # Its own error is counted where it is; this is not a second one.
                            yield record.diagnostic(
                                path,
                                Code.UNREAD_REFERENCE,
                                f"{reference.label} '{value}' finns i {where} men kunde inte"
                                " läsas; rätta felen där",
                            )
                        elif value not in ids:
                            yield record.diagnostic(
                                path,
                                Code.UNKNOWN_REFERENCE,
                                unknown_reference(reference.label, value, list(ids)),
                            )
    yield from _unmodelled_references(dataset, unread)
    yield from _organisation_types(dataset)
    yield from _region_agrees(dataset)


def removed(
    records: Iterable[Record[Any]], gone: set[tuple[str, ...]], diagnostics: list[Diagnostic]
) -> list[Diagnostic]:
    """`diagnostics`, where a reference is unknown because the change removes the file of the
    record it names (`gone`, relative to the data root), saying so instead of guessing a
    near id."""
    keys = {key: parts for parts in gone if (key := key_of_path(parts)) is not None}
    said = {}
    for record in records:
        shown = record.file.display[: -len("/".join(record.file.parts))]
        for reference in REFERENCES:
            if type(record.model) is not reference.source:
                continue
            for path, value in values_at(record.model, reference.pattern):
                parts = keys.get(RecordKey(_KIND_NAMES[reference.target], "", value))
                if parts is not None:
                    found = record.diagnostic(
                        path,
                        Code.UNKNOWN_REFERENCE,
                        f"{reference.label} '{value}' finns inte: filen {shown}"
                        f"{'/'.join(parts)} tas bort i ändringen; behåll den eller ändra"
                        " referensen",
                    )
                    said[found.path, found.line, found.column] = found
    return [
        said.get((d.path, d.line, d.column), d) if d.code is Code.UNKNOWN_REFERENCE else d
        for d in diagnostics
    ]


def _unmodelled_references(
    dataset: Dataset, unread: dict[type[RecordModel], dict[str, str]]
) -> Iterator[Diagnostic]:
    """The references of a file that failed its schema, wherever the field is valid (no
    schema error at it or below it): they are reported with its schema errors, not only
    once those are fixed. A field with its own schema error has that error and no other."""
    organisations = dataset.by_id(Organisation)
    for source in dataset.files:
        found = source.unmodelled
        if found is None or source.kind is None:
            continue
        for reference in REFERENCES:
            if reference.source is not source.kind.model:
                continue
            ids = dataset.by_id(reference.target)
            for path, value in raw_values_at(found.data, reference.pattern):
                if not isinstance(value, str) or any(
                    error[: len(path)] == path for error in found.errors
                ):
                    continue
                mark = source.positions.of_value(path)
                where = unread.get(reference.target, {}).get(value)
                if value not in ids and where is not None and where != source.display:
                    yield source.diagnostic(
                        mark,
                        Code.UNREAD_REFERENCE,
                        f"{reference.label} '{value}' finns i {where} men kunde inte"
                        " läsas; rätta felen där",
                    )
                elif value not in ids and where is None:
                    yield source.diagnostic(
                        mark,
                        Code.UNKNOWN_REFERENCE,
                        unknown_reference(reference.label, value, list(ids)),
                    )
                elif reference.types and value in organisations:
                    kind = organisations[value].model.type
                    if kind not in reference.types:
                        yield source.diagnostic(
                            mark,
                            Code.INVALID_REFERENCE,
                            f"'{value}' är en organisation av typen {kind.value}, inte en"
                            f" {reference.label}",
                        )


def _organisation_types(dataset: Dataset) -> Iterator[Diagnostic]:
    """A reference that names a kommun, polisregion or lokalpolisområde names one of that
    type."""
    organisations = dataset.by_id(Organisation)
    for reference in REFERENCES:
        if not reference.types:
            continue
        for record in dataset.of(reference.source):
            for path, value in values_at(record.model, reference.pattern):
                found = organisations.get(value)
                if found is not None and found.model.type not in reference.types:
                    yield record.diagnostic(
                        path,
                        Code.INVALID_REFERENCE,
                        f"'{value}' är en organisation av typen {found.model.type.value}, inte"
                        f" en {reference.label}",
                    )


def _region_agrees(dataset: Dataset) -> Iterator[Diagnostic]:
    """An area's region is the polisregion of its lokalpolisområde."""
    for record in dataset.of(Area):
        area = record.model
        if area.police_area is None:
            continue
        region = polisregion_of(dataset, area.police_area)
        if region is not None and region != area.region:
            yield record.diagnostic(
                ("region",),
                Code.REGION_MISMATCH,
                f"lokalpolisområde '{area.police_area}' hör till polisregion '{region}', inte"
                f" '{area.region}'",
            )
