"""The revisions of an agreement, and where each stands on a date.

The one home of these rules: status (revision or renewal due), the agreement report, the
revision diff and the checks all ask here, so they cannot give different answers. A revision's
state on a date follows from its dated events alone (never from today's date or a fixed
field), so adding a later event never changes what an earlier date says.
"""

from __future__ import annotations

import datetime

from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.dates import PartialDate
from samverkan_cli.records.models import Remiss, Revision, RevisionState

ADOPTED_STATES = (RevisionState.ADOPTED, RevisionState.EXPIRED, RevisionState.SUPERSEDED)
"""A revision in one of these states was adopted at some time (and may since have ended)."""
PENDING_STATES = (RevisionState.DRAFT, RevisionState.REMISS)
"""A revision in one of these states is proposed, not adopted."""

REVISION_STATES = {
    RevisionState.NOT_YET: "inte påbörjad",
    RevisionState.DRAFT: "utkast",
    RevisionState.REMISS: "på remiss",
    RevisionState.ADOPTED: "gällande",
    RevisionState.EXPIRED: "löpt ut",
    RevisionState.SUPERSEDED: "ersatt",
}
"""Each state in Swedish, as every output shows it."""

_FAR = PartialDate(9999)


def first_event(revision: Revision) -> PartialDate:
    """The earliest of a revision's dated events: revisions are ordered by it."""
    events = [
        date
        for date in (
            revision.drafted,
            revision.remiss,
            revision.adopted,
            revision.signed,
            revision.in_force,
            revision.valid_until,
        )
        if date is not None
    ]
    return min(events, key=PartialDate.start) if events else _FAR


def revisions_by_agreement(dataset: Dataset) -> dict[str, list[Record[Revision]]]:
    """Every agreement's revision records, by agreement id, each list oldest first."""
    grouped: dict[str, list[Record[Revision]]] = {}
    for record in dataset.of(Revision):
        grouped.setdefault(record.model.agreement, []).append(record)
    for records in grouped.values():
        records.sort(key=lambda record: first_event(record.model).start())
    return grouped


def revision_records(dataset: Dataset, agreement: str) -> list[Record[Revision]]:
    """The records of one agreement's revisions, oldest first (file order where dates tie)."""
    return revisions_by_agreement(dataset).get(agreement, [])


def revisions_of(dataset: Dataset, agreement: str) -> list[Revision]:
    """One agreement's revisions, oldest first (file order where dates tie)."""
    return [record.model for record in revision_records(dataset, agreement)]


def adopted_on(revision: Revision) -> PartialDate | None:
    """The day a revision takes effect: `in_force` where given, else when it was both adopted
    and signed (the later of the two that are known); None for a revision never adopted."""
    if revision.in_force is not None:
        return revision.in_force
    known = [date for date in (revision.adopted, revision.signed) if date is not None]
    return max(known, key=PartialDate.start) if known else None


_LONG_AGO = PartialDate(1900)


def _start(revision: Revision) -> PartialDate | None:
    """When a revision took effect, for ordering and the state: its `adopted_on`; for a
    revision known only by when it ended (`valid_until` and no other event), long ago."""
    start = adopted_on(revision)
    only_ended = revision.drafted is None and revision.remiss is None
    if start is None and revision.valid_until is not None and only_ended:
        return _LONG_AGO
    return start


def _known(date: PartialDate | None, as_of: datetime.date) -> bool:
    """True when `date` has begun by `as_of` ("on or before")."""
    return date is not None and date.start() <= as_of


def _ended(date: PartialDate | None, as_of: datetime.date) -> bool:
    """True when the last day of `date` is before `as_of`."""
    return date is not None and date.end() < as_of


def state_at(revision: Revision, revisions: list[Revision], as_of: datetime.date) -> RevisionState:
    """Where `revision`, one of an agreement's `revisions`, stands on `as_of`."""
    start = _start(revision)
    if start is not None and _known(start, as_of):
        others = (_start(other) for other in revisions if other is not revision)
        if _known(revision.superseded, as_of) or any(
            other is not None and _known(other, as_of) and start.start() < other.start()
            for other in others
        ):
            return RevisionState.SUPERSEDED
        if _ended(revision.valid_until, as_of):
            return RevisionState.EXPIRED
        return RevisionState.ADOPTED
    if _known(revision.remiss, as_of):
        return RevisionState.REMISS
    if _known(revision.drafted, as_of):
        return RevisionState.DRAFT
    return RevisionState.NOT_YET


def adopted(revisions: list[Revision]) -> list[Revision]:
    """The revisions that are ever adopted, by the day they take effect, oldest first."""
    dated = [(start, r) for r in revisions if (start := _start(r)) is not None]
    return [revision for _, revision in sorted(dated, key=lambda item: item[0].start())]


def adopted_at(revisions: list[Revision], as_of: datetime.date) -> list[Revision]:
    """The revisions that took effect on or before `as_of` (whether still in force or since
    ended), oldest first."""
    return [revision for revision in adopted(revisions) if _known(_start(revision), as_of)]


def latest_adopted_at(revisions: list[Revision], as_of: datetime.date) -> Revision | None:
    """The revision that took effect last on or before `as_of`, in force or not."""
    found = adopted_at(revisions, as_of)
    return found[-1] if found else None


def in_force_at(revisions: list[Revision], as_of: datetime.date) -> Revision | None:
    """The revision in force on `as_of`; None in a gap (none adopted yet, or the last one
    expired)."""
    found = latest_adopted_at(revisions, as_of)
    if found is None or state_at(found, revisions, as_of) is not RevisionState.ADOPTED:
        return None
    return found


def pending_at(revisions: list[Revision], as_of: datetime.date) -> list[Revision]:
    """The proposals (drafts or on remiss) on `as_of`, oldest first."""
    return [
        revision for revision in revisions if state_at(revision, revisions, as_of) in PENDING_STATES
    ]


def remiss_sent(remiss: Remiss, dataset: Dataset) -> PartialDate | None:
    """When a remiss went out: its own `sent`, else when its revision went on remiss."""
    if remiss.sent is not None:
        return remiss.sent
    revision = next(
        (r for r in revisions_of(dataset, remiss.agreement) if r.id == remiss.revision), None
    )
    return revision.remiss if revision else None
