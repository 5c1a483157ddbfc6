"""Areas: the areas at a level in the latest national assessment, held against a maximum."""

from __future__ import annotations

import datetime

from samverkan_cli.records.dataset import Dataset
from samverkan_cli.records.models import (
    Area,
    AreasTarget,
    Assessment,
    Municipality,
    PoliceArea,
    Region,
)
from samverkan_cli.status.model import Context, Status, TargetStatus
from samverkan_cli.support.swedish import sort_key


def assessments_known(dataset: Dataset, as_of: datetime.date) -> list[Assessment]:
    """National assessments published on or before the as-of date, oldest first."""
    known = [r.model for r in dataset.of(Assessment) if r.model.date.start() <= as_of]
    return sorted(known, key=lambda assessment: (assessment.date, assessment.id))


def latest_assessment(dataset: Dataset, as_of: datetime.date) -> Assessment | None:
    """The newest of them (by date, then id, so that every caller agrees on a tie)."""
    known = assessments_known(dataset, as_of)
    return known[-1] if known else None


def _matches(area: Area, target: AreasTarget) -> bool:
    return (
        (target.municipality is None or area.municipality == target.municipality)
        and (target.region is None or area.region == target.region)
        and (target.police_area is None or area.police_area == target.police_area)
    )


def _where(target: AreasTarget, context: Context) -> str:
    dataset = context.dataset
    names = []
    references: tuple[tuple[type[Municipality | PoliceArea | Region], str | None], ...] = (
        (Municipality, target.municipality),
        (PoliceArea, target.police_area),
        (Region, target.region),
    )
    for model, value in references:
        if value is not None:
            names.append(dataset.name_of(model, value))
    return f" i {' och '.join(names)}" if names else ""


def evaluate(target: AreasTarget, context: Context) -> TargetStatus:
    assessment = latest_assessment(context.dataset, context.as_of)
    where = _where(target, context)
    level = target.level.value
    if assessment is None:
        return TargetStatus(
            Status.NO_DATA,
            f"Ingen nationell lägesbild finns före detta datum; målet är högst {target.maximum}"
            f" {level}{where}.",
        )
    found = sorted(
        (
            record.model.name
            for record in context.dataset.of(Area)
            if _matches(record.model, target)
            for classification in record.model.classifications
            if classification.assessment == assessment.id and classification.level == target.level
        ),
        key=sort_key,
    )
    details: dict[str, object] = {
        "assessment": assessment.id,
        "assessment_date": assessment.date.iso(),
        "areas": found,
        "maximum": target.maximum,
    }
    plural = "område" if len(found) == 1 else "områden"
    listing = f": {', '.join(found)}" if found else ""
    counted = (
        f"{len(found)} {plural} med nivån {level}{where} enligt lägesbilden"
        f" {assessment.date.swedish()}{listing}"
    )
    goal = f"målet är högst {target.maximum}"
    if target.deadline is not None:
        goal += f" till {target.deadline.swedish()}"
    if len(found) <= target.maximum:
        return TargetStatus(Status.REACHED, f"{counted}; {goal}.", 1.0, details)
    if target.deadline is not None and context.as_of <= target.deadline.end():
        return TargetStatus(Status.BEHIND, f"{counted}; {goal}.", 0.0, details)
    return TargetStatus(Status.MISSED, f"{counted}; {goal}.", 0.0, details)
