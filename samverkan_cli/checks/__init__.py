"""Checks across records, beyond what each record's schema can say.

Each module has one job and a `check(dataset)` that yields diagnostics; `CHECKS` runs them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from samverkan_cli.checks import (
    areas,
    followups,
    identity,
    promises,
    references,
    remisses,
    revisions,
)
from samverkan_cli.diagnostics import Diagnostic
from samverkan_cli.records.dataset import Dataset

Check = Callable[[Dataset], Iterable[Diagnostic]]

CHECKS: tuple[Check, ...] = (
    identity.check,
    references.check,
    promises.check,
    revisions.check,
    remisses.check,
    areas.check,
    followups.check,
)


def checks_within(dataset: Dataset) -> list[Diagnostic]:
    """Every check but the one across parts: ids unique in the whole tree."""
    return [diagnostic for check in CHECKS for diagnostic in check(dataset)]


def run_checks(dataset: Dataset) -> list[Diagnostic]:
    """Every check, on a whole tree."""
    records = [record for records in dataset.records.values() for record in records]
    files = {record.file.display: record.file for record in records}
    found = identity.identities(records)
    return [*checks_within(dataset), *identity.duplicate_ids(found, files)]
