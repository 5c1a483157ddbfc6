"""Medborgarlöften: the activity log points at the promise's own targets, within its year."""

from __future__ import annotations

from collections.abc import Iterator

from samverkan_cli.diagnostics import Code, Diagnostic, did_you_mean
from samverkan_cli.records.dataset import Dataset
from samverkan_cli.records.dates import year_of
from samverkan_cli.records.models import CountTarget, MilestoneTarget, Promise


def check(dataset: Dataset) -> Iterator[Diagnostic]:
    for record in dataset.of(Promise):
        promise = record.model
        targets = {
            target.id: target for commitment in promise.commitments for target in commitment.targets
        }
        countable = {
            target_id
            for target_id, target in targets.items()
            if isinstance(target, CountTarget | MilestoneTarget)
        }
        year = year_of(promise.year)
        for index, activity in enumerate(promise.activities):
            if activity.target in countable and activity.date.within(year):
                continue  # the common case, settled with one look-up
            target = targets.get(activity.target)
            if target is None:
                yield record.diagnostic(
                    ("activities", index, "target"),
                    Code.UNKNOWN_REFERENCE,
                    f"målet '{activity.target}' finns inte i detta medborgarlöfte"
                    f"{did_you_mean(activity.target, targets)}",
                )
            elif not isinstance(target, CountTarget | MilestoneTarget):
                yield record.diagnostic(
                    ("activities", index, "target"),
                    Code.INVALID_REFERENCE,
                    f"målet '{target.id}' är av typen {target.kind}; aktiviteter räknas bara mot"
                    " mål av typen count eller milestone",
                )
            if not activity.date.within(year):
                yield record.diagnostic(
                    ("activities", index, "date"),
                    Code.DATE_OUTSIDE_YEAR,
                    f"aktiviteten är daterad {activity.date.swedish()}, utanför löftets år"
                    f" {promise.year}",
                )
