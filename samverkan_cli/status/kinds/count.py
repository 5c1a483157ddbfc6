"""Count: at least `minimum` activities in a period, pro rata while the period runs."""

from __future__ import annotations

import math

from samverkan_cli.records.dates import PartialDate, format_date
from samverkan_cli.records.models import CountTarget
from samverkan_cli.status.model import Context, Status, TargetStatus, elapsed_share


def period_of(target: CountTarget, context: Context) -> tuple[PartialDate, PartialDate] | None:
    if target.period is not None:
        return target.period.start, target.period.end
    if context.promise is not None:
        covered = context.promise.covers()
        return covered.start, covered.end
    return None


def evaluate(target: CountTarget, context: Context) -> TargetStatus:
    period = period_of(target, context)
    if period is None:
        return TargetStatus(Status.NO_DATA, "Perioden saknas: ange period för målet.")
    start, end = period[0].start(), period[1].end()
    as_of = context.as_of
    minimum = target.quantity(f"minst {target.minimum}", target.minimum)
    details: dict[str, object] = {
        "minimum": target.minimum,
        "period": [start.isoformat(), end.isoformat()],
    }
    if as_of < start:
        return TargetStatus(
            Status.NOT_STARTED,
            f"Perioden börjar {format_date(start)}; {minimum} under perioden.",
            0.0,
            details,
        )
    promise = context.promise
    if promise is None:
        return TargetStatus(
            Status.NO_DATA,
            f"Antalsmål räknas i ett medborgarlöftes aktivitetslogg; målet är {minimum}.",
            None,
            details,
        )
    if not promise.activities:
        return TargetStatus(
            Status.NO_DATA,
            f"Ingen aktivitetslogg är förd; målet är {minimum}.",
            None,
            details,
        )
    done = sum(
        activity.count
        for day, activity in context.activities.get(target.id, ())
        if start <= day <= end
    )
    progress = min(done / target.minimum, 1.0)
    details["count"] = done
    counted = target.quantity(f"{done} av {target.minimum}", target.minimum)
    if done >= target.minimum:
        return TargetStatus(Status.REACHED, f"{counted}; målet är nått.", progress, details)
    if as_of > end:
        return TargetStatus(
            Status.MISSED,
            f"{counted}; perioden slutade {format_date(end)}.",
            progress,
            details,
        )
    expected = target.minimum * elapsed_share(start, end, as_of)
    details["expected"] = float(expected)
    pace = f"{counted}; {math.ceil(expected)} väntade vid denna tid."
    status = Status.ON_TRACK if done >= expected else Status.BEHIND
    return TargetStatus(status, pace, progress, details)
