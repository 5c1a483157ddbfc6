"""Medborgarlöften: the activity log points at the promise's own targets (or those of the
promise it extends), within its period; an extended promise exists and comes before."""

from __future__ import annotations

from collections.abc import Iterator

from samverkan_cli.diagnostics import Code, Diagnostic, did_you_mean
from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.dates import period_text
from samverkan_cli.records.models import CountTarget, MilestoneTarget, Promise
from samverkan_cli.records.promises import commitments_of, extended

ACTIVITY_TARGETS = (CountTarget, MilestoneTarget)
"""The kinds of target an activity counts towards (or marks done)."""


def check(dataset: Dataset) -> Iterator[Diagnostic]:
    for record in dataset.of(Promise):
        promise = record.model
        targets = {
            target.id: target
            for commitment in commitments_of(dataset, promise)
            for target in commitment.targets
        }
        countable = {
            target_id
            for target_id, target in targets.items()
            if isinstance(target, ACTIVITY_TARGETS)
        }
        covered = promise.covers()
        start, end = covered.start.start(), covered.end.end()
        for index, activity in enumerate(promise.activities):
            within = start <= activity.date.start() and activity.date.end() <= end
            if activity.target in countable and within:
                continue  # the common case, settled with one look-up
            target = targets.get(activity.target)
            if target is None:
                yield record.diagnostic(
                    ("activities", index, "target"),
                    Code.UNKNOWN_REFERENCE,
                    f"målet '{activity.target}' finns inte i detta medborgarlöfte"
                    f"{did_you_mean(activity.target, targets)}",
                )
            elif not isinstance(target, ACTIVITY_TARGETS):
                yield record.diagnostic(
                    ("activities", index, "target"),
                    Code.INVALID_REFERENCE,
                    f"målet '{target.id}' är av typen {target.kind}; aktiviteter räknas bara mot"
                    " mål av typen count eller milestone",
                )
            if not within:
                yield record.diagnostic(
                    ("activities", index, "date"),
                    Code.DATE_OUTSIDE_YEAR,
                    f"aktiviteten är daterad {activity.date.swedish()}, utanför löftets period"
                    f" {period_text(covered)}",
                )
        yield from _extends(dataset, record)


def _extends(dataset: Dataset, record: Record[Promise]) -> Iterator[Diagnostic]:
    promise = record.model
    if promise.extends is None:
        return
    earlier = dataset.by_id(Promise).get(promise.extends)
    if earlier is None:
        return  # the reference check says so
    chain = extended(dataset, promise)
    if chain[-1].extends is not None and any(link.id == chain[-1].extends for link in chain):
        yield record.diagnostic(
            ("extends",),
            Code.INVALID_REFERENCE,
            f"löftet förlänger '{promise.extends}', som i sin tur förlänger detta löfte",
        )
    elif earlier.model.covers().end.end() >= promise.covers().start.start():
        yield record.diagnostic(
            ("extends",),
            Code.INVALID_REFERENCE,
            f"löftet '{promise.extends}' som förlängs gäller"
            f" {period_text(earlier.model.covers())}; ett löfte förlänger ett tidigare löfte",
        )
