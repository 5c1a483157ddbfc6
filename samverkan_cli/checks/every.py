"""Every check across records, in the order they run (each module's `check(dataset)`)."""

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
    """Every check but the one across shares of a tree, ids unique in the whole tree, which
    `ValidateJob.merge` makes (checks/validation.py)."""
    return [diagnostic for check in CHECKS for diagnostic in check(dataset)]
