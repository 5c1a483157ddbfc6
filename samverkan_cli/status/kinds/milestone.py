"""Milestone: done (with date and evidence) or not; missed once its deadline passes undone."""

from __future__ import annotations

from samverkan_cli.records.dates import format_date
from samverkan_cli.records.models import MilestoneTarget
from samverkan_cli.status.model import Context, Status, TargetStatus


def evaluate(target: MilestoneTarget, context: Context) -> TargetStatus:
    promise = context.promise
    deadline = target.deadline or (promise.covers().end if promise else None)
    details: dict[str, object] = {"deadline": deadline.iso() if deadline else None}
    if target.done is not None and context.known(target.done.date):
        details["done"] = target.done.date.iso()
        return TargetStatus(
            Status.REACHED,
            f"Genomfört {target.done.date.swedish()}: {target.done.evidence}",
            1.0,
            details,
        )
    logged = [activity for _, activity in context.activities.get(target.id, ())]
    if logged:
        details["done"] = logged[0].date.iso()
        return TargetStatus(
            Status.REACHED,
            f"Genomfört {logged[0].date.swedish()}: {logged[0].description}",
            1.0,
            details,
        )
    by = f" senast {format_date(deadline.end())}" if deadline else ""
    if promise is not None and context.as_of < promise.covers().start.start():
        return TargetStatus(
            Status.NOT_STARTED, f"Löftets period har inte börjat; ska göras{by}.", 0.0, details
        )
    if promise is not None and not promise.activities:
        return TargetStatus(
            Status.NO_DATA, f"Ingen aktivitetslogg är förd; ska göras{by}.", None, details
        )
    if deadline is not None and context.as_of > deadline.end():
        return TargetStatus(Status.MISSED, f"Inte genomfört; skulle vara klart{by}.", 0.0, details)
    return TargetStatus(Status.NOT_STARTED, f"Inte genomfört ännu; ska göras{by}.", 0.0, details)
