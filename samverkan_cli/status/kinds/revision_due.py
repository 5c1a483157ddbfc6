"""Revision due: the last adopted revision's date plus the agreement's interval."""

from __future__ import annotations

import datetime

from samverkan_cli.records.dates import PartialDate
from samverkan_cli.records.models import RevisionDueTarget, RevisionState
from samverkan_cli.records.revisions import adopted_on, in_force_at, pending_at, revisions_of
from samverkan_cli.status.model import Context, Status, TargetStatus

DUE_SOON_DAYS = 183


def _plus_years(date: PartialDate, years: int) -> PartialDate:
    """The same month `years` later: a revision is due in that month (the day does not matter)."""
    return PartialDate(min(date.year + years, 9999), date.month)


def evaluate(target: RevisionDueTarget, context: Context) -> TargetStatus:
    agreement = context.agreement
    if agreement is None:
        return TargetStatus(Status.NO_DATA, "Målet hör inte till någon överenskommelse.")
    revisions = revisions_of(context.dataset, agreement.id)
    last = in_force_at(revisions, context.as_of)
    interval = agreement.revision_interval_years
    if last is None:
        return TargetStatus(
            Status.NO_DATA,
            f"Ingen antagen revision finns; överenskommelsen ska revideras vart {interval}:e år.",
        )
    due = _plus_years(adopted_on(last), interval)
    details: dict[str, object] = {
        "last_revision": last.id,
        "last_adopted": adopted_on(last).iso(),
        "due": due.iso(),
        "interval_years": interval,
    }
    since = f"Senast reviderad {adopted_on(last).swedish()} (revision {last.id})"
    as_of = context.as_of
    if as_of > due.end():
        details["state"] = "overdue"
        pending = pending_at(revisions, as_of)
        if pending:
            newest = max(pending, key=lambda revision: revision.date)
            state = "på remiss" if newest.state is RevisionState.REMISS else "ett utkast"
            return TargetStatus(
                Status.BEHIND,
                f"{since}; revidering skulle ske senast {due.swedish()}. Försenad: revision"
                f" {newest.id} är {state}.",
                0.0,
                details,
            )
        return TargetStatus(
            Status.MISSED,
            f"{since}; revidering skulle ske senast {due.swedish()}. Försenad.",
            0.0,
            details,
        )
    if as_of >= due.start() - datetime.timedelta(days=DUE_SOON_DAYS):
        details["state"] = "due_soon"
        return TargetStatus(
            Status.ON_TRACK,
            f"{since}; nästa revidering senast {due.swedish()}, inom sex månader.",
            1.0,
            details,
        )
    details["state"] = "current"
    return TargetStatus(
        Status.ON_TRACK, f"{since}; nästa revidering senast {due.swedish()}.", 1.0, details
    )
