"""The JSON shape of a status report: stable and documented in docs/status.md."""

from __future__ import annotations

import datetime
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, ClassVar

from samverkan_cli.checks.completeness import (
    COMPLETE,
    Completeness,
    Findings,
    completeness,
    findings,
)
from samverkan_cli.records.access import (
    internal_ids,
    internal_items_shown,
    internal_notice,
    published,
    visible,
)
from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.job import Share, Tree
from samverkan_cli.records.keys import key_of_path
from samverkan_cli.records.scope import EVERYTHING, Scope
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
        "measured": summary.measured,
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


def report_to_dict(
    report: StatusReport, found: Completeness = COMPLETE, access: str = ""
) -> dict[str, Any]:
    return {
        "version": SCHEMA_VERSION,
        "as_of": report.as_of.isoformat(),
        **found.to_dict(),
        **({"access": access} if access else {}),
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


@dataclass(frozen=True)
class TreeStatus:
    """The status of the records chosen, in the order a status report shows them."""

    as_of: datetime.date
    records: list[RecordResult]
    """Empty where the JSON was asked for: it is in `text`."""
    text: str | None
    """The JSON of `report_to_dict` of the records, where it was asked for."""
    statuses: list[Status]
    """The status of every target of the records chosen (for --fail-on)."""
    known: set[str]
    """The ids of the records of the kinds asked for, chosen or not."""
    completeness: Completeness
    unread: dict[str, str]
    """The ids asked for whose records could not be read, with the file of each."""
    internal: frozenset[str] = frozenset()
    """The ids of the records of the kinds asked for that are marked intern and not shown."""
    access: str = ""
    """`INTERNAL_NOTICE` where internal content is shown (--include-internal), else empty."""
    scope_problems: list[str] = field(default_factory=list)
    """What is wrong with the kommun, lokalpolisområde or region asked for."""

    @property
    def load_errors(self) -> int:
        return self.completeness.errors

    @property
    def report(self) -> StatusReport:
        return StatusReport(self.as_of, self.records)


_Made = tuple[tuple[Any, ...], str, RecordResult | RecordJson]
"""A record's place in the report (its order, its path) and its result or its JSON."""


@dataclass(frozen=True)
class StatusJob:
    """The status of the agreements, promises and areas chosen by id and kind (all when
    empty). With `as_json`, each record's JSON is made where it is evaluated: text is cheap to
    send between processes, while the status objects cost more to unpickle than to make."""

    as_of: datetime.date
    ids: Collection[str] = ()
    kinds: Collection[str] = RECORD_KINDS
    as_json: bool = False
    include_internal: bool = False
    scope: Scope = EVERYTHING
    whole: ClassVar[bool] = False

    def work(
        self, share: Share
    ) -> tuple[list[_Made], list[str], Findings, set[str], int, list[str]]:
        dataset = visible(share.dataset, self.include_internal)
        made: list[_Made] = []
        for kind, record in chosen_records(dataset, self.ids, self.kinds):
            if share.owns(record) and self.scope.admits(dataset, record):
                result: RecordResult | RecordJson = (
                    record_json((kind, record), dataset, self.as_of)
                    if self.as_json
                    else evaluate_record((kind, record), dataset, self.as_of)
                )
                made.append((record_order(kind, record, dataset), record.file.display, result))
        known = [
            str(record.model.id)
            for kind in self.kinds
            for record in dataset.records.get(kind, ())
            if share.owns(record)
        ]
        hidden = (
            set() if self.include_internal else internal_ids(published(share.dataset), self.kinds)
        )
        shown = internal_items_shown(share, self.include_internal)
        problems = self.scope.unknown(dataset) if share.answers_for_context else []
        return made, known, findings(share), hidden, shown, problems

    def merge(
        self,
        results: list[tuple[list[_Made], list[str], Findings, set[str], int, list[str]]],
        tree: Tree,
    ) -> TreeStatus:
        found = sorted(
            (item for made, *_ in results for item in made),
            key=lambda item: (item[0], tree.ranks[item[1]]),
        )
        known = {record_id for _, ids, *_ in results for record_id in ids}
        internal = frozenset(record_id for part in results for record_id in part[3])
        access = internal_notice(self.include_internal, sum(part[4] for part in results))
        checked = completeness((part[2] for part in results), tree)
        problems = [problem for part in results for problem in part[5]]
        unread = self._unread(checked, tree)
        made = [result for _, _, result in found]
        if self.as_json:
            jsons = [result for result in made if isinstance(result, RecordJson)]
            text, statuses = _joined(self.as_of, jsons, checked, access)
            return TreeStatus(
                self.as_of, [], text, statuses, known, checked, unread, internal, access, problems
            )
        records = [result for result in made if isinstance(result, RecordResult)]
        statuses = [
            target.result.status
            for record in records
            for group in record.groups
            for target in group.targets
        ]
        return TreeStatus(
            self.as_of, records, None, statuses, known, checked, unread, internal, access, problems
        )

    def _unread(self, checked: Completeness, tree: Tree) -> dict[str, str]:
        """The ids asked for (of the kinds asked for) whose files could not be read, or were
        withheld."""
        by_path = {source.display: source.parts for source in tree.files}
        found: dict[str, str] = {}
        for path in checked.left_out:
            key = key_of_path(by_path[path]) if path in by_path else None
            if key is not None and key.kind in self.kinds and key.id in self.ids:
                found.setdefault(key.id, path)
        return found


def _joined(
    as_of: datetime.date, parts: list[RecordJson], checked: Completeness, access: str = ""
) -> tuple[str, list[Status]]:
    # The records are the last member: `…, "records": []}` with the records put in.
    empty = json.dumps(report_to_dict(StatusReport(as_of, []), checked, access), ensure_ascii=False)
    text = empty[: -len("]}")] + ", ".join(part.text for part in parts) + "]}"
    by_text = {text: status for status, text in STATUS_TEXT.items()}
    statuses = [by_text[status] for part in parts for status in part.statuses]
    return text, statuses
