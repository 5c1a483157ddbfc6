"""The JSON shape of a status report: stable and documented in docs/status.md."""

from __future__ import annotations

from typing import Any

from samverkan_cli.status.engine import GroupResult, RecordResult, StatusReport, TargetResult
from samverkan_cli.status.model import STATUS_TEXT, Summary

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
