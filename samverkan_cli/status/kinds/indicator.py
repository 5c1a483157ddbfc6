"""Indicator: from a baseline towards a target value by a deadline (open-sdg's progress measure).

progress = achieved change ÷ required change; on track when progress ≥ the elapsed share of
the time from the baseline to the deadline. A target with a direction and no number ("ska
öka") is judged by the direction of the latest measurement against the baseline.
"""

from __future__ import annotations

from samverkan_cli.records.models import Direction, FollowUp, IndicatorTarget, Measurement
from samverkan_cli.status.model import Context, Status, TargetStatus, elapsed_share
from samverkan_cli.support.swedish import format_number, format_percent


def measurements_of(target: IndicatorTarget, context: Context) -> list[Measurement]:
    """The target's measurements known on the as-of date (taken, and published in a follow-up,
    by then), oldest first."""
    agreement = context.agreement
    found = [
        measurement
        for record in context.dataset.of(FollowUp)
        if agreement is not None and record.model.agreement == agreement.id
        if record.model.date is None or context.known(record.model.date)
        for measurement in record.model.measurements
        if measurement.target == target.id and context.known(measurement.date)
    ]
    return sorted(found, key=lambda measurement: measurement.date)


def _value(value: float, unit: str | None) -> str:
    number = format_number(value)
    return f"{number} {unit}" if unit else number


def evaluate(target: IndicatorTarget, context: Context) -> TargetStatus:
    deadline_text = target.deadline.swedish()
    baseline = target.baseline
    if baseline is None:
        return TargetStatus(
            Status.NO_DATA,
            f"Utgångsvärde saknas ({target.measure}); målet gäller till {deadline_text}.",
        )
    lower_is_better = target.direction is Direction.LOWER_IS_BETTER
    if target.target_value is None and target.relative_change is None:
        return _directional(target, context, lower_is_better)
    goal = (
        target.target_value
        if target.target_value is not None
        else baseline.value * (1 + (target.relative_change or 0.0))
    )
    details: dict[str, object] = {
        "baseline": {"date": baseline.date.iso(), "value": baseline.value},
        "target_value": goal,
        "deadline": target.deadline.iso(),
        "direction": target.direction.value,
    }
    later = [m for m in measurements_of(target, context) if m.date > baseline.date]
    if not later:
        return TargetStatus(
            Status.NO_DATA,
            f"Ingen mätning efter utgångsvärdet {_value(baseline.value, target.unit)}"
            f" ({baseline.date.swedish()}); mål {_value(goal, target.unit)} till {deadline_text}.",
            None,
            details,
        )
    latest = later[-1]
    details["latest"] = {"date": latest.date.iso(), "value": latest.value}

    def meets(value: float) -> bool:
        return value <= goal if lower_is_better else value >= goal

    required = goal - baseline.value
    if meets(baseline.value) or required == 0:
        progress = 1.0 if meets(latest.value) else 0.0
    else:
        progress = (latest.value - baseline.value) / required
    details["progress"] = progress
    time_share = float(elapsed_share(baseline.date.start(), target.deadline.end(), context.as_of))
    details["elapsed"] = time_share
    measured = (
        f"{_value(latest.value, target.unit)} ({latest.date.swedish()}) mot utgångsvärdet"
        f" {_value(baseline.value, target.unit)} ({baseline.date.swedish()}) och målet"
        f" {_value(goal, target.unit)} till {deadline_text}"
    )
    clamped = min(max(progress, 0.0), 1.0)
    if meets(latest.value):
        return TargetStatus(Status.REACHED, f"{measured}; målet är nått.", clamped, details)
    pace = (
        f"{format_percent(progress)} av förändringen är gjord och {format_percent(time_share)}"
        " av tiden har gått"
    )
    if context.as_of > target.deadline.end():
        return TargetStatus(Status.MISSED, f"{measured}; {pace}.", clamped, details)
    status = Status.ON_TRACK if progress >= time_share else Status.BEHIND
    return TargetStatus(status, f"{measured}; {pace}.", clamped, details)


def _directional(target: IndicatorTarget, context: Context, lower_is_better: bool) -> TargetStatus:
    """`direction` alone: better than the baseline is on track, and reached at the deadline."""
    baseline = target.baseline
    assert baseline is not None
    wanted = "minska" if lower_is_better else "öka"
    deadline_text = target.deadline.swedish()
    details: dict[str, object] = {
        "baseline": {"date": baseline.date.iso(), "value": baseline.value},
        "target_value": None,
        "deadline": target.deadline.iso(),
        "direction": target.direction.value,
    }
    start = f"utgångsvärdet {_value(baseline.value, target.unit)} ({baseline.date.swedish()})"
    later = [m for m in measurements_of(target, context) if m.date > baseline.date]
    if not later:
        return TargetStatus(
            Status.NO_DATA,
            f"Ingen mätning efter {start}. Målet: {target.measure} ska {wanted} till"
            f" {deadline_text}.",
            None,
            details,
        )
    latest = later[-1]
    details["latest"] = {"date": latest.date.iso(), "value": latest.value}
    change = latest.value - baseline.value
    better = change < 0 if lower_is_better else change > 0
    moved = "ingen förändring" if change == 0 else ("bättre" if better else "sämre")
    measured = (
        f"{_value(latest.value, target.unit)} ({latest.date.swedish()}) mot {start}: {moved}."
        f" Målet: {target.measure} ska {wanted} till {deadline_text}"
    )
    after = context.as_of > target.deadline.end()
    if better:
        status = Status.REACHED if after else Status.ON_TRACK
    else:
        status = Status.MISSED if after else Status.BEHIND
    return TargetStatus(status, f"{measured}.", None, details)
