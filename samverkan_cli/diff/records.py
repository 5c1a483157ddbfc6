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
from samverkan_cli.records.dates import PartialDate, format_date
from samverkan_cli.records.keys import record_key
from samverkan_cli.records.models import Activity, Area, Promise, Revision
from samverkan_cli.records.models.area import Classification
from samverkan_cli.records.models.targets import Direction, TargetBase
from samverkan_cli.records.revisions import REVISION_STATES, revisions_of, state_at
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
    summary: list[str] = field(default_factory=list)
    """For a new record: what it holds ("Åtaganden: Otrygga platser – mål: …")."""
    note: str | None = None
    """A problem the change brings, in Swedish (a copy's duplicate id)."""


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
    access: str = ""
    """`INTERNAL_NOTICE` where internal content is compared (--include-internal)."""

    @property
    def empty(self) -> bool:
        return not self.records and not self.statuses


def title_of(value: Any) -> str:
    if isinstance(value, TargetBase):
        return target_title(value)  # type: ignore[arg-type]
    if isinstance(value, Activity):
        return f"{value.description} ({value.date.swedish()})"
    if isinstance(value, Classification):
        return f"lägesbilden {value.assessment}"
    for name in ("title", "name", "statement", "description", "organisation", "id"):
        found = getattr(value, name, None)
        if isinstance(found, str):
            return found
    return shown(value)


_WORDS: dict[Any, str] = {
    Direction.LOWER_IS_BETTER: "lägre är bättre",
    Direction.HIGHER_IS_BETTER: "högre är bättre",
    **REVISION_STATES,
}
"""Enum values that are identifiers in the records, in Swedish words."""

TARGET_KINDS = {
    "count": "antal",
    "milestone": "delmål",
    "indicator": "indikator",
    "areas": "utsatta områden",
    "revision_due": "revision i tid",
}
"""A target's `kind`, in Swedish words."""


def shown(value: Any) -> str:
    """A value in Swedish words: never 'None', never JSON."""
    if value is None:
        return "–"
    if isinstance(value, PartialDate):
        return value.swedish()
    if isinstance(value, Enum):
        return _WORDS.get(value, str(value.value))
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, BaseModel):
        return _described(value)
    if isinstance(value, list):
        return ", ".join(shown(item) for item in value) or "–"
    if isinstance(value, dict):
        return ", ".join(f"{shown(key)}: {shown(item)}" for key, item in value.items()) or "–"
    return str(value)


def _described(model: BaseModel) -> str:
    """A model without a title of its own, as its set fields: "Värde: 10, Enhet: personer"."""
    parts = [
        f"{info.title or name}: {_field_value(model, name)}"
        for name, info in type(model).model_fields.items()
        if name in model.model_fields_set and getattr(model, name) not in (None, [], {})
    ]
    return ", ".join(parts) or "–"


def _field_value(model: BaseModel, name: str) -> str:
    value = getattr(model, name)
    if name == "kind" and isinstance(model, TargetBase):
        return TARGET_KINDS.get(str(value), str(value))
    return shown(value)


def _join(prefix: str, label: str) -> str:
    return f"{prefix} › {label}" if prefix else label


def compare(old: Any, new: Any, label: str = "") -> list[FieldChange]:
    """Field changes between two values of the same model type, labelled by titles."""
    if isinstance(old, Classification) and isinstance(new, Classification):
        return _compare_classification(old, new)
    if isinstance(old, Promise) and isinstance(new, Promise):
        renames = _target_renames(old, new)
        if renames:
            # Activities follow their target's new id: the rename is one line, not one per
            # activity.
            activities = [
                activity.model_copy(
                    update={"target": renames.get(activity.target, activity.target)}
                )
                for activity in old.activities
            ]
            old = old.model_copy(update={"activities": activities})
    if isinstance(old, BaseModel) and isinstance(new, BaseModel) and type(old) is type(new):
        changes: list[FieldChange] = []
        for name, info in type(old).model_fields.items():
            if name == "id":
                continue
            before, after = getattr(old, name), getattr(new, name)
            if name == "kind" and isinstance(old, TargetBase):
                before, after = TARGET_KINDS.get(before, before), TARGET_KINDS.get(after, after)
            # Items with ids, activities and classifications are named by their own titles;
            # the list's name adds nothing.
            named_items = isinstance(before, list) and all(
                hasattr(item, "id") or isinstance(item, Activity | Classification)
                for item in [*before, *after]
            )
            where = label if named_items else _join(label, info.title or name)
            changes += compare(before, after, where)
        return changes
    if isinstance(old, list) and isinstance(new, list):
        return _compare_lists(old, new, label)
    if old != new:
        return [FieldChange(label, shown(old), shown(new))]
    return []


def _level(classification: Classification | None) -> str:
    if classification is None:
        return "–"
    if classification.removed or classification.level is None:
        return "borttaget från listan"
    return classification.level.value


def _compare_classification(old: Classification, new: Classification) -> list[FieldChange]:
    if _level(old) == _level(new):
        return []
    return [FieldChange(f"Nivå i lägesbilden {new.assessment}", _level(old), _level(new))]


def _all_targets(promise: Promise) -> dict[str, TargetBase]:
    return {target.id: target for c in promise.commitments for target in c.targets}


def _target_renames(old: Promise, new: Promise) -> dict[str, str]:
    """Old id → new id of the targets whose id alone changed."""
    before, after = _all_targets(old), _all_targets(new)
    gone = {i: t for i, t in before.items() if i not in after}
    came = {i: t for i, t in after.items() if i not in before}
    renames: dict[str, str] = {}
    for old_id, target in gone.items():
        twin = next(
            (
                new_id
                for new_id, other in came.items()
                if new_id not in renames.values() and _same_but_id(target, other)
            ),
            None,
        )
        if twin is not None:
            renames[old_id] = twin
    return renames


def _same_but_id(old: BaseModel, new: BaseModel) -> bool:
    return type(old) is type(new) and old.model_dump(exclude={"id"}) == new.model_dump(
        exclude={"id"}
    )


def _similarity(old: BaseModel, new: BaseModel) -> float:
    names = type(old).model_fields
    same: int = sum(bool(getattr(old, name) == getattr(new, name)) for name in names)
    return same / max(len(names), 1)


def _key(item: Any) -> Any:
    """What identifies an item of a list without ids: an activity by its date and target, a
    classification by its assessment, anything else by all of it."""
    if isinstance(item, Activity):
        return ("activity", item.date, item.target)
    if isinstance(item, Classification):
        return ("classification", item.assessment)
    return json.dumps(item.model_dump(mode="json"), sort_keys=True)


def _pairs(old: list[Any], new: list[Any]) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """Old and new items paired: first by key, then (items with ids: those whose id alone
    changed; others: those that share most of their fields, at least half), in order."""
    pairs: list[tuple[Any, Any]] = []
    left = list(old)
    unmatched: list[Any] = []
    for item in new:
        key = item.id if hasattr(item, "id") else _key(item)
        match = next(
            (o for o in left if (o.id if hasattr(o, "id") else _key(o)) == key),
            None,
        )
        if match is None:
            unmatched.append(item)
        else:
            left.remove(match)
            pairs.append((match, item))
    added: list[Any] = []
    for item in unmatched:
        candidates = [o for o in left if type(o) is type(item)]
        if hasattr(item, "id"):
            match = next((o for o in candidates if _same_but_id(o, item)), None)
        else:
            scored = [(o, _similarity(o, item)) for o in candidates]
            best = max(scored, key=lambda pair: pair[1], default=None)
            match = best[0] if best is not None and best[1] >= 0.5 else None
        if match is None:
            added.append(item)
        else:
            left.remove(match)
            pairs.append((match, item))
    return pairs, added, left


def _compare_lists(old: list[Any], new: list[Any], label: str) -> list[FieldChange]:
    if not all(isinstance(item, BaseModel) for item in [*old, *new]):
        return [FieldChange(label, shown(old), shown(new))] if old != new else []
    pairs, added, removed = _pairs(old, new)
    changes: list[FieldChange] = []
    for before, after in pairs:
        # An item with an id by its new title; an activity by what it was (its old date).
        where = _join(label, title_of(after if hasattr(after, "id") else before))
        if isinstance(before, Classification):
            changes += compare(before, after, where)
            continue
        if hasattr(before, "id") and before.id != after.id:
            changes.append(FieldChange(_join(where, "Nytt id"), before.id, after.id))
        changes += compare(before, after, where)
    for item in added:
        if isinstance(item, Classification):
            changes.append(FieldChange(f"Nivå i lägesbilden {item.assessment}", "–", _level(item)))
        else:
            changes.append(FieldChange(_join(label, title_of(item)), "–", "ny"))
    for item in removed:
        if isinstance(item, Classification):
            changes.append(FieldChange(f"Nivå i lägesbilden {item.assessment}", _level(item), "–"))
        else:
            changes.append(FieldChange(_join(label, title_of(item)), "fanns", "borttagen"))
    return changes


def record_summary(model: BaseModel) -> list[str]:
    """What a new record holds, in a few lines: its commitments or goals with their targets,
    its areas, its classifications, its revision events."""
    lines: list[str] = []
    if isinstance(model, Revision):
        events = [
            f"{type(model).model_fields[name].title}: {shown(getattr(model, name))}"
            for name in ("drafted", "remiss", "adopted", "signed", "in_force", "valid_until")
            if getattr(model, name) is not None
        ]
        lines.append(", ".join(events))
    if isinstance(model, Area):
        lines += [f"Nivå i lägesbilden {c.assessment}: {_level(c)}" for c in model.classifications]
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if not isinstance(value, list) or not value:
            continue
        if not all(isinstance(item, BaseModel) and hasattr(item, "id") for item in value):
            continue
        for item in value:
            children = [
                title_of(child)
                for child in (getattr(item, "targets", None) or [])
                if isinstance(child, BaseModel)
            ]
            line = f"{info.title or name}: {title_of(item)}"
            lines.append(f"{line} – mål: {'; '.join(children)}" if children else line)
    if isinstance(model, Promise) and model.activities:
        count = len(model.activities)
        lines.append(f"{count} {'aktivitet' if count == 1 else 'aktiviteter'} i loggen")
    return lines


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


def _by_key(dataset: Dataset) -> dict[Any, list[Record[Any]]]:
    found: dict[Any, list[Record[Any]]] = {}
    for records in dataset.records.values():
        for record in records:
            found.setdefault(record_key(record), []).append(record)
    return found


def _revision_state(record: Record[Any], dataset: Dataset, as_of: datetime.date) -> str | None:
    model = record.model
    if not isinstance(model, Revision):
        return None
    return REVISION_STATES[state_at(model, revisions_of(dataset, model.agreement), as_of)]


def diff_datasets(
    base: Dataset, head: Dataset, as_of: datetime.date, hidden: Collection[str] = ()
) -> DatasetDiff:
    """The changes from `base` to `head`; `hidden` are the files of `head` whose records are
    left out as internal."""
    before_all, after_all = _by_key(base), _by_key(head)
    before: dict[Any, Record[Any]] = {}
    after: dict[Any, Record[Any]] = {}
    added: dict[Any, Record[Any]] = {}
    copies: list[tuple[Record[Any], Record[Any]]] = []
    for key, records in after_all.items():
        olds = before_all.get(key, [])
        # Where an id is repeated, the record in the old file is the one that was there; the
        # others are copies (and a duplicate-id error).
        kept = next(
            (r for r in records if any(o.file.display == r.file.display for o in olds)),
            records[0],
        )
        for record in records:
            if record is not kept:
                copies.append((record, kept))
        if olds:
            after[key] = kept
        else:
            added[key] = kept
    for key, records in before_all.items():
        before[key] = next(
            (r for r in records if after.get(key) and r.file.display == after[key].file.display),
            records[0],
        )
    removed = {key: r for key, r in before.items() if key not in after}
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
        state_before = _revision_state(old, base, as_of)
        state_after = _revision_state(new, head, as_of)
        if state_before != state_after:
            fields.append(
                FieldChange(f"Läge {format_date(as_of)}", str(state_before), str(state_after))
            )
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
    for record in added.values():
        summary = record_summary(record.model)
        state = _revision_state(record, head, as_of)
        if state is not None:
            summary.append(f"Läge {format_date(as_of)}: {state}")
        changes.append(_change("added", record, summary=summary))
    for record, original in copies:
        summary = record_summary(record.model)
        note = (
            f"id '{record.model.id}' finns redan i {original.file.display}"
            " (fel duplicate-id; kör samverkan validate)"
        )
        changes.append(_change("added", record, summary=summary, note=note))
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
    # A target whose id alone changed keeps its status under its new id.
    heads = head.by_id(Promise)
    for promise_id, record in base.by_id(Promise).items():
        if promise_id in heads:
            for was, now in _target_renames(record.model, heads[promise_id].model).items():
                if (promise_id, was) in old:
                    old[(promise_id, now)] = old.pop((promise_id, was))
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
