"""The JSON shape of a status report: stable and documented in docs/status.md."""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.speed.fork import map_split
from samverkan_cli.speed.parts import Part, load_in_parts
from samverkan_cli.status.engine import (
    RECORD_KINDS,
    GroupResult,
    RecordResult,
    StatusReport,
    TargetResult,
    chosen_records,
    evaluate_record,
    record_order,
)
from samverkan_cli.status.model import STATUS_TEXT, Status, Summary

SCHEMA_VERSION = 1


def _summary(summary: Summary | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    return {
        "progress": summary.progress,
        "counts": {STATUS_TEXT[status]: count for status, count in summary.counts.items()},
    }


def _target(target: TargetResult) -> dict[str, Any]:
    return {
        "id": target.id,
        "kind": target.kind,
        "title": target.title,
        "status": STATUS_TEXT[target.result.status],
        "progress": target.result.progress,
        "sentence": target.result.sentence,
        "details": target.result.details,
    }


def _group(group: GroupResult) -> dict[str, Any]:
    return {
        "id": group.id,
        "title": group.title,
        "summary": _summary(group.summary),
        "targets": [_target(target) for target in group.targets],
    }


def _record(record: RecordResult) -> dict[str, Any]:
    found: dict[str, Any] = {
        "kind": record.kind,
        "id": record.id,
        "title": record.title,
        "path": record.path,
        "summary": _summary(record.summary),
        "groups": [_group(group) for group in record.groups],
    }
    if record.kind == "area":
        found["level"] = record.level
        found["sentence"] = record.sentence
    return found


def report_to_dict(report: StatusReport) -> dict[str, Any]:
    return {
        "version": SCHEMA_VERSION,
        "as_of": report.as_of.isoformat(),
        "records": [_record(record) for record in report.records],
    }


@dataclass(frozen=True)
class RecordJson:
    text: str
    """The record's JSON, as `report_to_dict` would have it."""
    statuses: tuple[str, ...]
    """The status of each of its targets (for --fail-on)."""


def record_json(
    chosen: tuple[str, Record[Any]], dataset: Dataset, as_of: datetime.date
) -> RecordJson:
    result = evaluate_record(chosen, dataset, as_of)
    statuses = tuple(
        STATUS_TEXT[target.result.status] for group in result.groups for target in group.targets
    )
    return RecordJson(json.dumps(_record(result), ensure_ascii=False), statuses)


def status_json(
    dataset: Dataset,
    as_of: datetime.date,
    ids: Collection[str] = (),
    kinds: Collection[str] = RECORD_KINDS,
) -> tuple[str, list[Status]]:
    """The JSON of `report_to_dict(status_report(...))`, and the status of every target.

    Made a record at a time, half of them in a second process for a large tree (parallel.py):
    text is cheap to send back, while the status objects cost more to unpickle than to make.
    """
    chosen = chosen_records(dataset, ids, kinds)
    return _joined(
        as_of, map_split(functools.partial(record_json, dataset=dataset, as_of=as_of), chosen)
    )


@dataclass(frozen=True)
class TreeStatus:
    text: str
    """As `status_json` makes it for the whole tree."""
    statuses: list[Status]
    known: set[str]
    """The ids of the records of the kinds asked for, chosen or not."""
    load_errors: int


def status_json_of_tree(
    root: Path,
    as_of: datetime.date,
    ids: Collection[str] = (),
    kinds: Collection[str] = RECORD_KINDS,
) -> TreeStatus:
    """`status_json` of the tree under `root`, loaded and evaluated in parts: a large tree
    in two, one per process (loading/parts.py)."""
    loaded = load_in_parts(root, functools.partial(_json_part, as_of=as_of, ids=ids, kinds=kinds))
    found = sorted(
        (item for part, _ in loaded.results for item in part),
        key=lambda item: (item[0], loaded.ranks[item[1]]),
    )
    text, statuses = _joined(as_of, [made for _, _, made in found])
    known = {record_id for _, part_known in loaded.results for record_id in part_known}
    return TreeStatus(text, statuses, known, loaded.load_errors)


_PartJson = tuple[list[tuple[tuple[Any, ...], str, RecordJson]], list[str]]
"""(order, path, JSON) of each record of the part chosen; the ids of all it owns."""


def _json_part(
    part: Part, as_of: datetime.date, ids: Collection[str], kinds: Collection[str]
) -> _PartJson:
    dataset = part.dataset
    made = [
        (
            record_order(kind, record, dataset),
            record.file.display,
            record_json((kind, record), dataset, as_of),
        )
        for kind, record in chosen_records(dataset, ids, kinds)
        if part.owns(record)
    ]
    known = [
        str(record.model.id)
        for kind in kinds
        for record in dataset.records.get(kind, ())
        if part.owns(record)
    ]
    return made, known


def _joined(as_of: datetime.date, parts: list[RecordJson]) -> tuple[str, list[Status]]:
    # The records are the last member: `…, "records": []}` with the records put in.
    empty = json.dumps(report_to_dict(StatusReport(as_of, [])), ensure_ascii=False)
    text = empty[: -len("]}")] + ", ".join(part.text for part in parts) + "]}"
    by_text = {text: status for status, text in STATUS_TEXT.items()}
    statuses = [by_text[status] for part in parts for status in part.statuses]
    return text, statuses
