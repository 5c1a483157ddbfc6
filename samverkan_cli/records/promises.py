"""What a promise holds once its `extends` is followed: its commitments, and the days it
covers. The one home of these rules."""

from __future__ import annotations

import datetime

from samverkan_cli.records.dataset import Dataset
from samverkan_cli.records.models import Commitment, OrganisationType, Promise
from samverkan_cli.records.organisations import kommuner_of, name, of_type


def extended(dataset: Dataset, promise: Promise) -> list[Promise]:
    """The promise and those it extends, newest first (a loop or a missing one ends it)."""
    found = [promise]
    by_id = dataset.by_id(Promise)
    while found[-1].extends is not None:
        earlier = by_id.get(found[-1].extends)
        if earlier is None or any(earlier.model is link for link in found):
            break
        found.append(earlier.model)
    return found


def commitments_of(dataset: Dataset, promise: Promise) -> list[Commitment]:
    """The promise's commitments: its own, or those of the promise it extends."""
    for link in extended(dataset, promise):
        if link.commitments:
            return list(link.commitments)
    return []


def police_area_of(dataset: Dataset, promise: Promise) -> str | None:
    """The id of the lokalpolisområde among the promise's issuers (the first one)."""
    found = of_type(dataset, promise.issuers, OrganisationType.LOKALPOLISOMRADE)
    return found[0].id if found else None


def kommun_names(dataset: Dataset, promise: Promise) -> str:
    """The kommun or kommuner a promise is given in, by name ("Nordby kommun", "Stockholms
    stad och Lidingö stad"); the first issuer's name where no kommun is among them. Promises
    are grouped and ordered by it."""
    kommuner = kommuner_of(dataset, promise.issuers)
    if not kommuner:
        return name(dataset, promise.issuers[0])
    return " och ".join(name(dataset, kommun) for kommun in kommuner)


def begun(promise: Promise, as_of: datetime.date) -> bool:
    """Has the promise's period begun by `as_of`? A report of that date shows only those that
    have: a later promise did not exist then, as far as the records say."""
    return promise.covers().start.start() <= as_of
