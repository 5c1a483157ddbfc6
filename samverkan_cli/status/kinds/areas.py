"""Areas: the areas at a level in the latest national assessment, held against a maximum."""

from __future__ import annotations

import datetime

from samverkan_cli.records.dataset import Dataset
from samverkan_cli.records.models import Area, AreaLevel, AreasTarget, Assessment, Organisation
from samverkan_cli.records.organisations import polisregion_of, polisregion_of_kommun
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
    scope = (target.municipality, target.police_area, target.region)
    names = [dataset.name_of(Organisation, value) for value in scope if value is not None]
    return f" i {' och '.join(names)}" if names else ""


def _region(target: AreasTarget, context: Context) -> str | None:
    """The polisregion whose published count says whether the target's areas are all
    recorded; None for a target across the whole country."""
    dataset = context.dataset
    if target.region is not None:
        return target.region
    if target.police_area is not None:
        return polisregion_of(dataset, target.police_area)
    if target.municipality is not None:
        return polisregion_of_kommun(dataset, target.municipality)
    return None


def recorded_and_published(
    dataset: Dataset, assessment: Assessment, level: AreaLevel, region: str | None
) -> tuple[int, int | None]:
    """How many areas at `level` the records hold for the region (or the whole country) in an
    assessment, and how many the assessment published (None where it published no count that
    says)."""
    recorded = sum(
        1
        for record in dataset.of(Area)
        if region is None or record.model.region == region
        for classification in record.model.classifications
        if classification.assessment == assessment.id and classification.level == level
    )
    counts = (
        assessment.national
        if region is None
        else next((count for count in assessment.regions if count.region == region), None)
    )
    if counts is None:
        return recorded, None
    published = next((count.count for count in counts.levels if count.level == level), None)
    return recorded, published


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
        region = _region(target, context)
        recorded, published = recorded_and_published(
            context.dataset, assessment, target.level, region
        )
        details["recorded"], details["published"] = recorded, published
        if published is not None and recorded < published:
            scope = context.dataset.name_of(Organisation, region) if region else "hela landet"
            return TargetStatus(
                Status.NO_DATA,
                f"Ofullständig lägesbild: {recorded} av {published}"
                f" {'område' if published == 1 else 'områden'} med nivån {level}"
                f" i {scope} enligt lägesbilden {assessment.date.swedish()} finns i posterna;"
                f" {goal}.",
                None,
                details,
            )
        return TargetStatus(Status.REACHED, f"{counted}; {goal}.", 1.0, details)
    if target.deadline is not None and context.as_of <= target.deadline.end():
        return TargetStatus(Status.BEHIND, f"{counted}; {goal}.", 0.0, details)
    return TargetStatus(Status.MISSED, f"{counted}; {goal}.", 0.0, details)
