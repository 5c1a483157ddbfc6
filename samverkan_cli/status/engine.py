"""Evaluate every target of the chosen records on an as-of date, and roll the results up."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from typing import Any

from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.models import (
    Agreement,
    Area,
    AreasTarget,
    Assessment,
    Classification,
    CountTarget,
    IndicatorTarget,
    MilestoneTarget,
    Promise,
    Target,
)
from samverkan_cli.records.promises import commitments_of, kommun_names
from samverkan_cli.status.kinds import EVALUATORS
from samverkan_cli.status.kinds.areas import latest_assessment
from samverkan_cli.status.model import Context, Summary, TargetStatus
from samverkan_cli.support.swedish import sort_key

RECORD_KINDS = ("agreement", "promise", "area")


@dataclass(frozen=True)
class TargetResult:
    id: str
    kind: str
    title: str
    result: TargetStatus


@dataclass(frozen=True)
class GroupResult:
    """A goal of an agreement or a commitment of a promise."""

    id: str
    title: str
    targets: list[TargetResult]
    summary: Summary


@dataclass(frozen=True)
class RecordResult:
    kind: str
    id: str
    title: str
    path: str
    groups: list[GroupResult]
    summary: Summary | None
    sentence: str | None = None
    """For an area: its place on the police's list."""
    level: str | None = None


@dataclass(frozen=True)
class StatusReport:
    as_of: datetime.date
    records: list[RecordResult]

    def targets(self) -> list[TargetResult]:
        return [
            target for record in self.records for group in record.groups for target in group.targets
        ]


def target_title(target: Target) -> str:
    """The target's own title, or one made from its parameters."""
    if target.title:
        return target.title
    if isinstance(target, CountTarget):
        return target.quantity(f"Minst {target.minimum}", target.minimum)
    if isinstance(target, IndicatorTarget):
        return target.measure
    if isinstance(target, AreasTarget):
        return f"Högst {target.maximum} med nivån {target.level.value}"
    if isinstance(target, MilestoneTarget):
        return "Delmål"
    return "Revidering i tid"


def evaluate_target(target: Target, context: Context) -> TargetResult:
    result = EVALUATORS[target.kind](target, context)
    return TargetResult(target.id, target.kind, target_title(target), result)


def _group(group_id: str, title: str, targets: list[Target], context: Context) -> GroupResult:
    results = [evaluate_target(target, context) for target in targets]
    summary = Summary.of(
        [target.result.status for target in results], [target.result.progress for target in results]
    )
    return GroupResult(group_id, title, results, summary)


def _roll_up(groups: list[GroupResult]) -> Summary:
    statuses = [target.result.status for group in groups for target in group.targets]
    found = Summary.of(statuses, [group.summary.progress for group in groups])
    # The mean is of the groups', but what has data is counted in goals, as the counts are.
    return replace(found, measured=sum(group.summary.measured for group in groups))


def evaluate_agreement(
    record: Record[Agreement], dataset: Dataset, as_of: datetime.date
) -> RecordResult:
    agreement = record.model
    context = Context(as_of, dataset, agreement=agreement)
    groups = [_group(goal.id, goal.title, goal.targets, context) for goal in agreement.goals]
    return RecordResult(
        "agreement", agreement.id, agreement.title, record.file.display, groups, _roll_up(groups)
    )


def evaluate_promise(
    record: Record[Promise], dataset: Dataset, as_of: datetime.date
) -> RecordResult:
    promise = record.model
    context = Context(as_of, dataset, promise=promise)
    groups = [
        _group(commitment.id, commitment.title, commitment.targets, context)
        for commitment in commitments_of(dataset, promise)
    ]
    return RecordResult(
        "promise", promise.id, promise.title, record.file.display, groups, _roll_up(groups)
    )


def evaluate_area(record: Record[Area], dataset: Dataset, as_of: datetime.date) -> RecordResult:
    """An area's place on the newest list published by the as-of date."""
    area = record.model
    latest = latest_assessment(dataset, as_of)
    level = None
    if latest is None:
        sentence = "Ingen nationell lägesbild finns före detta datum."
    else:
        level, sentence = standing(dataset, area, latest)
    return RecordResult("area", area.id, area.name, record.file.display, [], None, sentence, level)


def standing(dataset: Dataset, area: Area, latest: Assessment) -> tuple[str | None, str]:
    """An area's level in the latest assessment (None when it has none), and a sentence that
    says where it stands: on the list, removed, split or merged, or not recorded."""
    when = latest.date.swedish()
    current = next((c for c in area.classifications if c.assessment == latest.id), None)
    if current is not None and current.level is not None:
        level = current.level.value
        return level, f"{level[0].upper()}{level[1:]} enligt lägesbilden {when}."
    if current is not None:
        return None, f"Borttaget ur listan i lägesbilden {when}."
    split, merged = successors(dataset, area.id, latest.id)
    if split:
        return None, f"Delat i lägesbilden {when} i {' och '.join(split)}."
    if merged:
        return None, f"Sammanslaget i lägesbilden {when} till {merged[0]}."
    removed = _last_before(dataset, area, latest)
    if removed is not None and removed[0].removed:
        # Left the list then, and no later list is recorded to have it back.
        return None, f"Borttaget ur listan i lägesbilden {removed[1].date.swedish()}."
    earlier = [c for c in area.classifications if c.level is not None]
    if earlier and _assessment_before(dataset, earlier[0].assessment, latest):
        return None, f"Ingen klassning i lägesbilden {when} finns i posterna."
    return None, f"Finns inte på listan i lägesbilden {when}."


def successors(dataset: Dataset, area_id: str, assessment_id: str) -> tuple[list[str], list[str]]:
    """The names of the areas split from `area_id` at an assessment, and of those it was
    merged into, in Swedish order."""
    split, merged = [], []
    for record in dataset.of(Area):
        lineage = record.model.lineage
        if lineage is None or lineage.assessment != assessment_id:
            continue
        if lineage.split_from == area_id:
            split.append(record.model.name)
        if area_id in lineage.merged_from:
            merged.append(record.model.name)
    return sorted(split, key=sort_key), sorted(merged, key=sort_key)


def _last_before(
    dataset: Dataset, area: Area, latest: Assessment
) -> tuple[Classification, Assessment] | None:
    """The area's classification in the newest assessment before `latest`, with it."""
    assessments = dataset.by_id(Assessment)
    found = [
        (classification, assessments[classification.assessment].model)
        for classification in area.classifications
        if classification.assessment in assessments
        and assessments[classification.assessment].model.date < latest.date
    ]
    return max(found, key=lambda item: item[1].date) if found else None


def _assessment_before(dataset: Dataset, assessment_id: str, latest: Assessment) -> bool:
    found = dataset.by_id(Assessment).get(assessment_id)
    return found is not None and found.model.date < latest.date


def record_order(kind: str, record: Record[Any], dataset: Dataset) -> tuple[Any, ...]:
    """Where a record stands in a status report: agreements by title, promises by
    lokalpolisområde and year, areas by name (Swedish order); records that tie stay in file
    order."""
    if kind == "agreement":
        return (0, sort_key(record.model.title))
    if kind == "promise":
        promise = record.model
        return (1, sort_key(kommun_names(dataset, promise)), promise.covers().start.start())
    return (2, sort_key(record.model.name))


def chosen_records(
    dataset: Dataset, ids: Collection[str] = (), kinds: Collection[str] = RECORD_KINDS
) -> list[tuple[str, Record[Any]]]:
    """(kind, record) of the agreements, promises and areas chosen by id and kind (all when
    empty), in the order a status report shows them."""
    chosen = [
        (kind, record)
        for kind in RECORD_KINDS
        if kind in kinds
        for record in dataset.records.get(kind, ())
        if not ids or record.model.id in ids
    ]
    return sorted(chosen, key=lambda item: record_order(item[0], item[1], dataset))


_EVALUATE: dict[str, Callable[[Any, Dataset, datetime.date], RecordResult]] = {
    "agreement": evaluate_agreement,
    "promise": evaluate_promise,
    "area": evaluate_area,
}


def evaluate_record(
    chosen: tuple[str, Record[Any]], dataset: Dataset, as_of: datetime.date
) -> RecordResult:
    kind, record = chosen
    return _EVALUATE[kind](record, dataset, as_of)


def status_report(
    dataset: Dataset,
    as_of: datetime.date,
    ids: Collection[str] = (),
    kinds: Collection[str] = RECORD_KINDS,
) -> StatusReport:
    """Status of the agreements, promises and areas chosen by id and kind (all when empty)."""
    chosen = chosen_records(dataset, ids, kinds)
    return StatusReport(as_of, [evaluate_record(item, dataset, as_of) for item in chosen])
