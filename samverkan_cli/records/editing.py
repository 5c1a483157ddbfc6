"""Changes to records made by the commands that write them (`log`, `new`, imports): which
file holds a record, values as YAML writes them, and activities added to a promise's log."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from samverkan_cli.loading.loader import find_files
from samverkan_cli.loading.reading import SourceFile
from samverkan_cli.records.dates import PartialDate
from samverkan_cli.records.models import KINDS, Activity, Kind, kind_for_path
from samverkan_cli.records.writer import RecordEdit, plain

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def record_files(root: Path, kind: Kind) -> dict[str, SourceFile]:
    """The files of one kind under `root`, by the id their path gives (the first wins)."""
    found: dict[str, SourceFile] = {}
    files, _ = find_files(root, None)
    for source in files:
        if source.kind is kind and "id" in source.captured:
            found.setdefault(source.captured["id"], source)
    return found


def yaml_files(paths: Sequence[Path]) -> list[Path]:
    """The record files (`*.yaml`) a list of files and folders names: a folder's as the
    loader finds them (no link that leads out of it), a file as it is named."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            files, _ = find_files(path, str(path))
            found += [Path(source.path) for source in files]
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def kind_of_path(path: Path, root: Path) -> Kind | None:
    """The kind of record a file holds, by its place under the data root, or else by the
    end of its path (`…/promises/nordby/nordby-2024.yaml` is a promise)."""
    try:
        parts = path.resolve().relative_to(root.resolve()).parts
    except (ValueError, OSError):
        parts = path.resolve().parts
    found = kind_for_path(parts)
    if found is not None:
        return found[0]
    for size in sorted({len(kind.parts) for kind in KINDS}, reverse=True):
        found = kind_for_path(parts[-size:])
        if found is not None:
            return found[0]
    return None


def yaml_value(value: object) -> object:
    """A value as a record file holds it: a whole date unquoted (`2023-05-14`), a partial
    one as its text (`2023-05`), a model as a mapping in the model's key order."""
    if isinstance(value, PartialDate):
        if value.day is not None and value.month is not None:
            return datetime.date(value.year, value.month, value.day)
        return value.iso() if value.month is not None else value.year
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str) and _DAY.match(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value  # not a day: left as written, for the check to say so
    if isinstance(value, BaseModel):
        return ordered(type(value), value.model_dump(mode="python", exclude_defaults=True))
    if isinstance(value, Mapping):
        return CommentedMap((str(key), yaml_value(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return CommentedSeq(yaml_value(item) for item in value)
    if isinstance(value, Enum):
        return value.value
    return value


def ordered(model: type[BaseModel], values: Mapping[str, object]) -> CommentedMap:
    """`values` as a mapping in the order of the model's fields; keys it does not know come
    last, in their own order (for the check to point at)."""
    fields = list(model.model_fields)
    known = [name for name in fields if name in values]
    unknown = [name for name in values if name not in model.model_fields]
    return CommentedMap((name, yaml_value(values[name])) for name in known + unknown)


ActivityKey = tuple[str, ...]


def activity_key(values: Mapping[str, Any]) -> ActivityKey:
    """What makes two activities the same: target, date, description, place, count and
    performer, as the model reads them (a count left out is 1)."""
    try:
        activity = Activity.model_validate(plain(_given(values)))
    except ValidationError:
        fields = ("target", "date", "description", "place", "count", "by")
        return tuple(str(plain(values.get(name))) for name in fields)
    return (
        activity.target,
        activity.date.iso(),
        activity.description,
        activity.place or "",
        str(activity.count),
        activity.by or "",
    )


def append_activities(
    edit: RecordEdit, activities: Sequence[Mapping[str, object]]
) -> tuple[list[Mapping[str, object]], list[Mapping[str, object]]]:
    """Append to the promise's log those of `activities` it does not hold yet, in the log's
    style (a flow mapping per line where its last entry is one); (added, duplicates)."""
    data = edit.data
    log = data.get("activities")
    if not isinstance(log, CommentedSeq):
        log = CommentedSeq()
        data["activities"] = log
        _place_before(data, "activities", "sources")
    seen = {activity_key(entry) for entry in log if isinstance(entry, Mapping)}
    flow = bool(log) and isinstance(log[-1], CommentedMap) and log[-1].fa.flow_style()
    added: list[Mapping[str, object]] = []
    duplicates: list[Mapping[str, object]] = []
    for activity in activities:
        key = activity_key(activity)
        if key in seen:
            duplicates.append(activity)
            continue
        seen.add(key)
        entry = ordered(Activity, _typed(activity))
        if flow:
            entry.fa.set_flow_style()
        log.append(entry)
        added.append(activity)
    return added, duplicates


def _given(activity: Mapping[str, object]) -> dict[str, object]:
    """The fields that have a value: None and blank text count as left out (an empty cell)."""
    return {
        key: value
        for key, value in activity.items()
        if value is not None and not (isinstance(value, str) and not value.strip())
    }


def _typed(activity: Mapping[str, object]) -> dict[str, object]:
    """The fields given, as the model reads them where it can (a count of "3" from a
    spreadsheet is written 3), else as given for the check to point at."""
    given = _given(activity)
    try:
        model = Activity.model_validate(plain(dict(given)))
    except ValidationError:
        return given
    return {
        key: getattr(model, key) if key in Activity.model_fields else value
        for key, value in given.items()
    }


def _place_before(data: CommentedMap, key: str, before: str) -> None:
    """Move the new `key` (last) before `before` where there is one: the model's order."""
    keys = list(data)
    if before in keys and keys.index(before) < keys.index(key):
        value = data.pop(key)
        data.insert(keys.index(before), key, value)
