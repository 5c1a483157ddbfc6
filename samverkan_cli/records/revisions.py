"""The revisions of an agreement and which of them is in force, adopted or pending at a date.

The one home of these rules: status (revision due), the agreement report, the revision diff
and the checks all ask here, so they cannot give different answers.
"""

from __future__ import annotations

import datetime

from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.dates import PartialDate
from samverkan_cli.records.models import Revision, RevisionState

ADOPTED_STATES = (RevisionState.ADOPTED, RevisionState.SUPERSEDED)
"""A revision in one of these states was adopted at some time (and may since be replaced)."""
PENDING_STATES = (RevisionState.DRAFT, RevisionState.REMISS)
"""A revision in one of these states is proposed, not adopted."""


def revisions_by_agreement(dataset: Dataset) -> dict[str, list[Record[Revision]]]:
    """Every agreement's revision records, by agreement id, each list in `revision_order`."""
    grouped: dict[str, list[Record[Revision]]] = {}
    for record in dataset.of(Revision):
        grouped.setdefault(record.model.agreement, []).append(record)
    for records in grouped.values():
        records.sort(key=lambda record: record.model.date)
    return grouped


def revision_records(dataset: Dataset, agreement: str) -> list[Record[Revision]]:
    """The records of one agreement's revisions, oldest first (file order where dates tie)."""
    return sorted(
        (record for record in dataset.of(Revision) if record.model.agreement == agreement),
        key=lambda record: record.model.date,
    )


def revisions_of(dataset: Dataset, agreement: str) -> list[Revision]:
    """One agreement's revisions, oldest first (file order where dates tie)."""
    return [record.model for record in revision_records(dataset, agreement)]


def adopted_on(revision: Revision) -> PartialDate:
    """The date a revision was adopted: when it was signed, else its own date."""
    return revision.signed or revision.date


def _known(date: PartialDate, as_of: datetime.date) -> bool:
    """True when `date` has begun by `as_of` ("on or before")."""
    return date.start() <= as_of


def adopted(revisions: list[Revision]) -> list[Revision]:
    """The revisions that were adopted (whether still in force or superseded), by adoption
    date, oldest first."""
    return sorted(
        (revision for revision in revisions if revision.state in ADOPTED_STATES),
        key=adopted_on,
    )


def adopted_at(revisions: list[Revision], as_of: datetime.date) -> list[Revision]:
    """The revisions adopted on or before `as_of`, by adoption date, oldest first."""
    return [revision for revision in adopted(revisions) if _known(adopted_on(revision), as_of)]


def in_force_at(revisions: list[Revision], as_of: datetime.date) -> Revision | None:
    """The revision in force on `as_of`: the one adopted last on or before that date."""
    found = adopted_at(revisions, as_of)
    return found[-1] if found else None


def pending_at(revisions: list[Revision], as_of: datetime.date) -> list[Revision]:
    """The proposals (draft or remiss) known on `as_of` and newer than the revision in force
    then, oldest first."""
    current = in_force_at(revisions, as_of)
    return sorted(
        (
            revision
            for revision in revisions
            if revision.state in PENDING_STATES
            and _known(revision.date, as_of)
            and (current is None or revision.date > adopted_on(current))
        ),
        key=lambda revision: revision.date,
    )
