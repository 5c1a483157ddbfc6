"""Revision or renewal due: the revision in force, its interval and the end of its term."""

from __future__ import annotations

import datetime

from samverkan_cli.records.dates import PartialDate
from samverkan_cli.records.models import Revision, RevisionDueTarget, RevisionState
from samverkan_cli.records.revisions import (
    adopted_on,
    first_event,
    latest_adopted_at,
    pending_at,
    revisions_of,
    state_at,
)
from samverkan_cli.status.model import Context, Status, TargetStatus

DUE_SOON_DAYS = 183


def _plus_years(date: PartialDate, years: int) -> PartialDate:
    """The same month `years` later: a revision is due in that month (the day does not matter)."""
    return PartialDate(min(date.year + years, 9999), date.month)


def _pending(revisions: list[Revision], as_of: datetime.date) -> str | None:
    """ "revision 2023 är på remiss", for the newest proposal on `as_of`."""
    pending = pending_at(revisions, as_of)
    if not pending:
        return None
    newest = max(pending, key=lambda revision: first_event(revision).start())
    state = state_at(newest, revisions, as_of)
    return (
        f"revision {newest.id} är {'på remiss' if state is RevisionState.REMISS else 'ett utkast'}"
    )


def evaluate(target: RevisionDueTarget, context: Context) -> TargetStatus:
    agreement = context.agreement
    if agreement is None:
        return TargetStatus(Status.NO_DATA, "Målet hör inte till någon överenskommelse.")
    as_of = context.as_of
    revisions = revisions_of(context.dataset, agreement.id)
    last = latest_adopted_at(revisions, as_of)
    interval = agreement.revision_interval_years
    pending = _pending(revisions, as_of)
    if last is None:
        rule = f"; överenskommelsen ska revideras vart {interval}:e år" if interval else ""
        return TargetStatus(
            Status.NO_DATA,
            f"Ingen antagen revision finns{rule}." + (f" Just nu: {pending}." if pending else ""),
        )
    start = adopted_on(last)
    details: dict[str, object] = {
        "last_revision": last.id,
        "last_adopted": start.iso() if start else None,
        "interval_years": interval,
        "valid_until": last.valid_until.iso() if last.valid_until else None,
    }
    if state_at(last, revisions, as_of) is RevisionState.EXPIRED:
        assert last.valid_until is not None
        details["state"] = "expired"
        ended = f"Överenskommelsen löpte ut {last.valid_until.swedish()} (revision {last.id})"
        if pending:
            return TargetStatus(
                Status.BEHIND, f"{ended}; ingen ny är antagen: {pending}.", 0.0, details
            )
        return TargetStatus(Status.MISSED, f"{ended}; ingen ny är antagen.", 0.0, details)
    if start is None:  # known only by when it ends
        assert last.valid_until is not None
        details["state"] = "current"
        return TargetStatus(
            Status.ON_TRACK,
            f"Överenskommelsen gäller till {last.valid_until.swedish()} (revision {last.id}).",
            1.0,
            details,
        )
    since = f"Senast reviderad {start.swedish()} (revision {last.id})"
    revise = _plus_years(start, interval) if interval else None
    renew = last.valid_until
    if revise is None and renew is None:
        details["state"] = "no_rule"
        return TargetStatus(
            Status.NO_DATA,
            f"{since}; varken revideringsintervall eller slutdatum anges.",
            None,
            details,
        )
    due = min((date for date in (revise, renew) if date is not None), key=PartialDate.end)
    details["due"] = due.iso()
    what = "revidering" if due is revise else "förnyelse (den gäller till dess)"
    if as_of > due.end():
        details["state"] = "overdue"
        late = f"{since}; revidering skulle ske senast {due.swedish()}. Försenad"
        if pending:
            return TargetStatus(Status.BEHIND, f"{late}: {pending}.", 0.0, details)
        return TargetStatus(Status.MISSED, f"{late}.", 0.0, details)
    if as_of >= due.start() - datetime.timedelta(days=DUE_SOON_DAYS):
        details["state"] = "due_soon"
        return TargetStatus(
            Status.ON_TRACK,
            f"{since}; nästa {what} senast {due.swedish()}, inom sex månader.",
            1.0,
            details,
        )
    details["state"] = "current"
    return TargetStatus(
        Status.ON_TRACK, f"{since}; nästa {what} senast {due.swedish()}.", 1.0, details
    )
