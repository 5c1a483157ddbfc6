"""Access levels: the public view of a dataset leaves out what is marked `intern`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.models import Access, Promise

if TYPE_CHECKING:
    from samverkan_cli.records.job import Share


@dataclass(frozen=True)
class AccessView:
    dataset: Dataset
    include_internal: bool
    internal_items: int
    """How many records and activities are marked intern in the full dataset."""

    @property
    def label(self) -> str:
        """What the document says about itself."""
        return access_label(self.include_internal, self.internal_items)


def access_label(include_internal: bool, internal_items: int) -> str:
    """What a document says about its access level, with this many items marked intern in the
    records: a clear INTERN line where internal content is included, nothing otherwise (a
    public document says nothing about what it leaves out)."""
    if not include_internal or internal_items == 0:
        return ""
    count = internal_items
    items = "1 uppgift märkt intern" if count == 1 else f"{count} uppgifter märkta intern"
    return f"INTERN: innehåller {items}; får inte lämnas ut som den är."


INTERNAL_NOTICE = "INTERN: tar med uppgifter märkta intern; får inte lämnas ut som den är."
"""What status, diff and remiss status say when --include-internal shows internal content."""


def internal_notice(include_internal: bool, internal_items: int) -> str:
    """`INTERNAL_NOTICE` where internal content is shown, else nothing."""
    return INTERNAL_NOTICE if include_internal and internal_items else ""


def _public_promise(record: Record[Promise]) -> Record[Promise]:
    activities = [a for a in record.model.activities if a.access is Access.PUBLIC]
    if len(activities) == len(record.model.activities):
        return record
    return Record(
        record.model.model_copy(update={"activities": activities}), record.file, record.kind
    )


def internal_items(records: Iterable[Record[Any]]) -> int:
    """How many of these records, and of the activities of the public ones, are marked intern."""
    count = 0
    for record in records:
        model = record.model
        if model.access is Access.INTERNAL:
            count += 1
        elif isinstance(model, Promise):
            count += sum(1 for activity in model.activities if activity.access is Access.INTERNAL)
    return count


def internal_items_shown(share: Share, include_internal: bool) -> int:
    """With `include_internal`, how many intern records and activities of the share's own
    records an output shows (its INTERN notice counts them); 0 otherwise."""
    if not include_internal:
        return 0
    return internal_items(
        record
        for records in published(share.dataset).records.values()
        for record in records
        if share.owns(record)
    )


def public_record(record: Record[Any]) -> Record[Any] | None:
    """The record without what is marked intern; None when all of it is."""
    if record.model.access is not Access.PUBLIC:
        return None
    return _public_promise(record) if isinstance(record.model, Promise) else record


def published(dataset: Dataset) -> Dataset:
    """The dataset without the records never to be published (`Dataset.withheld`)."""
    if not dataset.withheld:
        return dataset
    found = Dataset(dataset.root, dataset.files, withheld=dataset.withheld)
    for kind, records in dataset.records.items():
        found.records[kind] = [
            record for record in records if record.file.display not in dataset.withheld
        ]
    return found


def public(dataset: Dataset) -> Dataset:
    """The dataset without what is marked intern."""
    found = Dataset(dataset.root, dataset.files, withheld=dataset.withheld)
    for kind, records in dataset.records.items():
        found.records[kind] = [
            shown for record in records if (shown := public_record(record)) is not None
        ]
    return found


def visible(dataset: Dataset, include_internal: bool) -> Dataset:
    """The dataset as an output shows it: never the withheld records, and what is marked
    intern only with `include_internal`. Every output (status, diff, revision diff, remiss
    status, reports) computes its verdicts on this."""
    shown = published(dataset)
    return shown if include_internal else public(shown)


def internal_ids(dataset: Dataset, kinds: Iterable[str] | None = None) -> set[str]:
    """The ids of the records (of `kinds`, or all) marked intern, for a hint that
    --include-internal shows them."""
    return {
        str(record.model.id)
        for kind, records in dataset.records.items()
        if kinds is None or kind in kinds
        for record in records
        if record.model.access is not Access.PUBLIC
    }


def internal_paths(dataset: Dataset) -> set[str]:
    """The files of the records marked intern."""
    return {
        record.file.display
        for records in dataset.records.values()
        for record in records
        if record.model.access is not Access.PUBLIC
    }


def access_view(dataset: Dataset, include_internal: bool) -> AccessView:
    internal = internal_items(record for records in dataset.records.values() for record in records)
    if include_internal or internal == 0:
        return AccessView(dataset, include_internal, internal)
    return AccessView(public(dataset), include_internal, internal)
