"""Medborgarlöften: the activity log points at the promise's own targets (or those of the
promise it extends), within its period; an extended promise exists and comes before."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from samverkan_cli.checks.walk import raw_values_at
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
                    unknown_target(activity.target, targets),
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
    yield from _unmodelled_activities(dataset)


def _unmodelled_activities(dataset: Dataset) -> Iterator[Diagnostic]:
    """In a promise file that failed its schema, the activities that name a target the file
    does not have: said with its schema errors, not only once those are fixed (all problems
    in one run). Only where the targets are all readable (no schema error among the
    commitments, and the promise extends none) and the activity's target has no error of
    its own."""
    for source in dataset.files:
        found = source.unmodelled
        if found is None or source.kind is None or source.kind.model is not Promise:
            continue
        if found.data.get("extends") is not None or any(
            error[:1] == ("commitments",) for error in found.errors
        ):
            continue
        targets = [
            value
            for _, value in raw_values_at(found.data, ("commitments", "*", "targets", "*", "id"))
            if isinstance(value, str)
        ]
        for path, value in raw_values_at(found.data, ("activities", "*", "target")):
            if not isinstance(value, str) or value in targets:
                continue
            if any(error[: len(path)] == path for error in found.errors):
                continue
            yield source.diagnostic(
                source.positions.of_value(path),
                Code.UNKNOWN_REFERENCE,
                unknown_target(value, targets),
            )


def unknown_target(target: str, targets: Iterable[str]) -> str:
    return f"målet '{target}' finns inte i detta medborgarlöfte{did_you_mean(target, targets)}"


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
