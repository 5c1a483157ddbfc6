"""The JSON shape of a status report: stable and documented in docs/status.md."""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from samverkan_cli.loading.loader import Dataset, Record
from samverkan_cli.parallel import map_split
from samverkan_cli.status.engine import (
    RECORD_KINDS,
    GroupResult,
    RecordResult,
    StatusReport,
    TargetResult,
    chosen_records,
    evaluate_record,
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
    parts = map_split(functools.partial(record_json, dataset=dataset, as_of=as_of), chosen)
    # The records are the last member: `…, "records": []}` with the records put in.
    empty = json.dumps(report_to_dict(StatusReport(as_of, [])), ensure_ascii=False)
    text = empty[: -len("]}")] + ", ".join(part.text for part in parts) + "]}"
    by_text = {text: status for status, text in STATUS_TEXT.items()}
    statuses = [by_text[status] for part in parts for status in part.statuses]
    return text, statuses
