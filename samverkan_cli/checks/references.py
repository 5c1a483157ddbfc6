"""Every reference to another record resolves."""

from __future__ import annotations

from collections.abc import Iterator

from samverkan_cli.checks.walk import plain_values, values_at
from samverkan_cli.diagnostics import Code, Diagnostic, did_you_mean
from samverkan_cli.records.dataset import Dataset
from samverkan_cli.records.dependencies import REFERENCES, Reference
from samverkan_cli.records.keys import key_of_path
from samverkan_cli.records.models import Area, Organisation, RecordModel
from samverkan_cli.records.organisations import polisregion_of


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
    yield from _organisation_types(dataset)
    yield from _region_agrees(dataset)


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
