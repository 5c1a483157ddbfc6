"""What a change to the records means: records added, removed and renamed, fields old → new
named by their meaning, and the status changes this causes."""

from __future__ import annotations

import datetime
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pydantic import BaseModel

from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.dates import PartialDate
from samverkan_cli.records.keys import record_key
from samverkan_cli.records.models.targets import TargetBase
from samverkan_cli.status.engine import status_report, target_title
from samverkan_cli.support.swedish import format_number


@dataclass(frozen=True)
class FieldChange:
    label: str
    """Where, by meaning: "Otrygga platser › Minst 8 trygghetsvandringar › Minst"."""
    old: str
    new: str


@dataclass(frozen=True)
class RecordChange:
    change: str
    """"added", "removed", "renamed", "changed", "invalid" (the file no longer validates) or
    "internal" (the record is now marked intern, and left out)."""
    kind: str
    kind_title: str
    id: str
    title: str
    path: str
    old_id: str | None = None
    old_path: str | None = None
    fields: list[FieldChange] = field(default_factory=list)


@dataclass(frozen=True)
class StatusChange:
    record: str
    target: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class DatasetDiff:
    as_of: datetime.date
    records: list[RecordChange]
    statuses: list[StatusChange]

    @property
    def empty(self) -> bool:
        return not self.records and not self.statuses


def title_of(value: Any) -> str:
    if isinstance(value, TargetBase):
        return target_title(value)  # type: ignore[arg-type]
    for name in ("title", "name", "statement", "description", "organisation", "id"):
        found = getattr(value, name, None)
        if isinstance(found, str):
            return found
    return shown(value)


def shown(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, PartialDate):
        return value.swedish()
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, BaseModel):
        return json.dumps(value.model_dump(mode="json"), ensure_ascii=False)
    if isinstance(value, list):
        return ", ".join(shown(item) for item in value) or "–"
    return str(value)


def _join(prefix: str, label: str) -> str:
    return f"{prefix} › {label}" if prefix else label


def compare(old: Any, new: Any, label: str = "") -> list[FieldChange]:
    """Field changes between two values of the same model type, labelled by titles."""
    if isinstance(old, BaseModel) and isinstance(new, BaseModel) and type(old) is type(new):
        changes: list[FieldChange] = []
        for name, info in type(old).model_fields.items():
            if name == "id":
                continue
            before, after = getattr(old, name), getattr(new, name)
            # Items with ids are named by their own titles; the list's name adds nothing.
            named_items = isinstance(before, list) and all(
                hasattr(item, "id") for item in [*before, *after]
            )
            where = label if named_items else _join(label, info.title or name)
            changes += compare(before, after, where)
        return changes
    if isinstance(old, list) and isinstance(new, list):
        return _compare_lists(old, new, label)
    if old != new:
        return [FieldChange(label, shown(old), shown(new))]
    return []


def _compare_lists(old: list[Any], new: list[Any], label: str) -> list[FieldChange]:
    if all(hasattr(item, "id") for item in [*old, *new]) and (old or new):
        before = {item.id: item for item in old}
        after = {item.id: item for item in new}
        changes = []
        for item_id, item in after.items():
            if item_id not in before:
                changes.append(FieldChange(_join(label, title_of(item)), "–", "ny"))
            else:
                changes += compare(before[item_id], item, _join(label, title_of(item)))
        changes += [
            FieldChange(_join(label, title_of(item)), "fanns", "borttagen")
            for item_id, item in before.items()
            if item_id not in after
        ]
        return changes
    if all(isinstance(item, BaseModel) for item in [*old, *new]):
        dumped_old = [json.dumps(item.model_dump(mode="json"), sort_keys=True) for item in old]
        dumped_new = [json.dumps(item.model_dump(mode="json"), sort_keys=True) for item in new]
        changes = [
            FieldChange(_join(label, title_of(item)), "–", "ny")
            for item, dumped in zip(new, dumped_new, strict=True)
            if dumped not in dumped_old
        ]
        changes += [
            FieldChange(_join(label, title_of(item)), "fanns", "borttagen")
            for item, dumped in zip(old, dumped_old, strict=True)
            if dumped not in dumped_new
        ]
        return changes
    return [FieldChange(label, shown(old), shown(new))] if old != new else []


def _without_id(record: Record[Any]) -> str:
    return json.dumps(record.model.model_dump(mode="json", exclude={"id"}), sort_keys=True)


def _change(kind: str, record: Record[Any], **extra: Any) -> RecordChange:
    return RecordChange(
        kind,
        record.kind.name,
        record.kind.title,
        record.model.id,
        title_of(record.model),
        record.file.display,
        **extra,
    )


def diff_datasets(
    base: Dataset, head: Dataset, as_of: datetime.date, hidden: Collection[str] = ()
) -> DatasetDiff:
    """The changes from `base` to `head`; `hidden` are the files of `head` whose records are
    left out as internal."""
    before = {record_key(r): r for records in base.records.values() for r in records}
    after = {record_key(r): r for records in head.records.values() for r in records}
    removed = {key: r for key, r in before.items() if key not in after}
    added = {key: r for key, r in after.items() if key not in before}
    changes: list[RecordChange] = []
    for key, record in list(added.items()):
        twin = next(
            (
                old_key
                for old_key, old in removed.items()
                if old_key[:2] == key[:2] and _without_id(old) == _without_id(record)
            ),
            None,
        )
        if twin is not None:
            old = removed.pop(twin)
            del added[key]
            changes.append(
                _change("renamed", record, old_id=old.model.id, old_path=old.file.display)
            )
    for key in sorted(before.keys() & after.keys()):
        old, new = before[key], after[key]
        fields = compare(old.model, new.model)
        moved = old.file.display != new.file.display
        if fields or moved:
            changes.append(
                _change(
                    "renamed" if moved and not fields else "changed",
                    new,
                    old_path=old.file.display if moved else None,
                    fields=fields,
                )
            )
    changes += [_change("added", record) for record in added.values()]
    # A file that is still there but no longer holds a valid record is not "removed".
    still_there = {file.display for file in head.files}
    changes += [
        _change(
            "internal"
            if record.file.display in hidden
            else "invalid"
            if record.file.display in still_there
            else "removed",
            record,
        )
        for record in removed.values()
    ]
    return DatasetDiff(as_of, changes, _status_changes(base, head, as_of))


def _statuses(
    dataset: Dataset, as_of: datetime.date
) -> dict[tuple[str, str], tuple[str, str, str]]:
    found = {}
    for record in status_report(dataset, as_of).records:
        for group in record.groups:
            for target in group.targets:
                found[(record.id, target.id)] = (
                    record.title,
                    target.title,
                    target.result.status.value,
                )
    return found


def _status_changes(base: Dataset, head: Dataset, as_of: datetime.date) -> list[StatusChange]:
    old, new = _statuses(base, as_of), _statuses(head, as_of)
    changes = []
    for key in [*new, *(key for key in old if key not in new)]:
        before, after = old.get(key), new.get(key)
        named = after if after is not None else before
        if named is None or (before is not None and after is not None and before[2] == after[2]):
            continue
        changes.append(
            StatusChange(
                named[0], named[1], before[2] if before else None, after[2] if after else None
            )
        )
    return changes
