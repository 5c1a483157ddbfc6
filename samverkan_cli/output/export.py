"""Data for analysts: a row for each target of each agreement and promise, with its status from
the status engine, and a row for each activity of a promise. Written as CSV, XLSX or JSON
(docs/export.md)."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from samverkan_cli.checks.completeness import Completeness, Findings, completeness, findings
from samverkan_cli.records.access import internal_items_shown, internal_notice, visible
from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.job import Share, Tree
from samverkan_cli.records.models import (
    Access,
    Agreement,
    Organisation,
    OrganisationType,
    Promise,
)
from samverkan_cli.records.organisations import kommuner_of, of_type
from samverkan_cli.records.scope import EVERYTHING, Scope
from samverkan_cli.status.engine import RecordResult, chosen_records, evaluate_record, record_order
from samverkan_cli.status.model import STATUS_TEXT

Value = str | int | float | None
RECORD_KINDS = ("agreement", "promise")
"""The records with targets; areas have none."""

COLUMNS: tuple[tuple[str, str], ...] = (
    ("row", "mål eller aktivitet"),
    ("record_kind", "agreement (överenskommelse) eller promise (medborgarlöfte)"),
    ("record", "postens id"),
    ("record_title", "postens rubrik"),
    ("kommun", "kommunen eller kommunerna, med namn"),
    ("lokalpolisomrade", "lokalpolisområdet eller lokalpolisområdena, med namn"),
    ("period_start", "löftets första dag (ÅÅÅÅ-MM-DD)"),
    ("period_end", "löftets sista dag (ÅÅÅÅ-MM-DD)"),
    ("group", "id för åtagandet eller målet i överenskommelsen"),
    ("group_title", "åtagandets eller målets rubrik"),
    ("target", "målets id"),
    ("target_title", "målets rubrik"),
    ("target_kind", "count, milestone, indicator, areas eller revision_due"),
    ("status", "målets status den dag exporten gäller"),
    ("progress", "andel av vägen till målet, 0–1 (tom där den inte kan räknas ut)"),
    ("why", "varför: meningen som status ger"),
    ("date", "aktivitetens datum (ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD)"),
    ("description", "vad som gjordes"),
    ("place", "plats"),
    ("count", "hur många gånger aktiviteten räknas"),
    ("by", "id för organisationen som utförde aktiviteten"),
    ("access", "offentlig eller intern"),
)
"""The columns, in order, with what each holds (Swedish, for docs/export.md)."""

COLUMN_NAMES = tuple(name for name, _ in COLUMNS)
TARGET_ROW = "mål"
ACTIVITY_ROW = "aktivitet"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Export:
    as_of: datetime.date
    rows: list[dict[str, Value]]
    """One dict per row, every column in it (None where a row has no value)."""
    access: str = ""
    """`INTERNAL_NOTICE` where internal content is in the rows (--include-internal)."""


def _names(dataset: Dataset, ids: Iterable[str]) -> str:
    return " och ".join(dataset.name_of(Organisation, org_id) for org_id in ids)


def _place(dataset: Dataset, organisations: list[str]) -> tuple[str, str]:
    kommuner = kommuner_of(dataset, organisations)
    police = of_type(dataset, organisations, OrganisationType.LOKALPOLISOMRADE)
    return _names(dataset, kommuner), _names(dataset, (org.id for org in police))


def _access(*levels: Access) -> str:
    return "intern" if any(level is not Access.PUBLIC for level in levels) else "offentlig"


def _target_rows(
    result: RecordResult, model: Agreement | Promise, common: dict[str, Value]
) -> list[dict[str, Value]]:
    rows = []
    for group in result.groups:
        for target in group.targets:
            rows.append(
                {
                    **common,
                    "row": TARGET_ROW,
                    "group": group.id,
                    "group_title": group.title,
                    "target": target.id,
                    "target_title": target.title,
                    "target_kind": target.kind,
                    "status": STATUS_TEXT[target.result.status],
                    "progress": target.result.progress,
                    "why": target.result.sentence,
                    "access": _access(model.access),
                }
            )
    return rows


def _activity_rows(
    promise: Promise, titles: dict[str, str], common: dict[str, Value]
) -> list[dict[str, Value]]:
    return [
        {
            **common,
            "row": ACTIVITY_ROW,
            "target": activity.target,
            "target_title": titles.get(activity.target),
            "date": activity.date.iso(),
            "description": activity.description,
            "place": activity.place,
            "count": activity.count,
            "by": activity.by,
            "access": _access(promise.access, activity.access),
        }
        for activity in promise.activities
    ]


def record_rows(
    kind: str, record: Record[Any], dataset: Dataset, as_of: datetime.date
) -> list[dict[str, Value]]:
    """The rows of one agreement or promise: its targets with their status from the status
    engine, then (for a promise) its activities."""
    result = evaluate_record((kind, record), dataset, as_of)
    model = record.model
    common: dict[str, Value] = dict.fromkeys(COLUMN_NAMES)
    common.update(record_kind=kind, record=model.id, record_title=result.title)
    if isinstance(model, Promise):
        kommun, police = _place(dataset, list(model.issuers))
        period = model.covers()
        common.update(
            kommun=kommun,
            lokalpolisomrade=police,
            period_start=period.start.start().isoformat(),
            period_end=period.end.end().isoformat(),
        )
    else:
        kommun, police = _place(dataset, [party.organisation for party in model.parties])
        common.update(kommun=kommun, lokalpolisomrade=police)
    rows = _target_rows(result, model, common)
    if isinstance(model, Promise):
        titles = {target.id: target.title for group in result.groups for target in group.targets}
        rows += _activity_rows(model, titles, common)
    return rows


_Made = tuple[tuple[Any, ...], str, list[dict[str, Value]]]
"""A record's place in the export (its order, its path) and its rows."""


@dataclass(frozen=True)
class ExportJob:
    """The rows of the agreements and promises, each record's made where it is evaluated (by
    the runner, in one process or two, as `status` is)."""

    as_of: datetime.date
    include_internal: bool = False
    scope: Scope = EVERYTHING
    whole: ClassVar[bool] = False

    def work(self, share: Share) -> tuple[list[_Made], Findings, int, list[str]]:
        dataset = visible(share.dataset, self.include_internal)
        made: list[_Made] = []
        for kind, record in chosen_records(dataset, kinds=RECORD_KINDS):
            if share.owns(record) and self.scope.admits(dataset, record):
                rows = record_rows(kind, record, dataset, self.as_of)
                made.append((record_order(kind, record, dataset), record.file.display, rows))
        shown = internal_items_shown(share, self.include_internal)
        problems = self.scope.unknown(dataset) if share.answers_for_context else []
        return made, findings(share), shown, problems

    def merge(
        self, results: list[tuple[list[_Made], Findings, int, list[str]]], tree: Tree
    ) -> ExportResult:
        found = sorted(
            (item for made, *_ in results for item in made),
            key=lambda item: (item[0], tree.ranks[item[1]]),
        )
        rows = [row for _, _, rows in found for row in rows]
        access = internal_notice(self.include_internal, sum(part[2] for part in results))
        checked = completeness((part[1] for part in results), tree)
        problems = [problem for part in results for problem in part[3]]
        return ExportResult(Export(self.as_of, rows, access), checked, problems)


@dataclass(frozen=True)
class ExportResult:
    export: Export
    completeness: Completeness
    scope_problems: list[str]


# The formats. CSV is for Swedish Excel, which opens a file by double-click only when it is
# `;`-separated with a decimal comma, and reads it as UTF-8 only after a byte order mark.


def to_csv(export: Export) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    for row in export.rows:
        writer.writerow([_csv_cell(row[name]) for name in COLUMN_NAMES])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return defused(str(value))


def defused(text: str) -> str:
    """A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`, `@`) starts
    with an apostrophe, which Excel and LibreOffice show as text: a record's title must not
    become a formula on an analyst's machine."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def text_cells(sheet: Any, min_row: int = 2) -> None:
    """Every cell from `min_row` on that openpyxl would store as a formula (a text that starts
    with `=`) stored as the text it is."""
    for cells in sheet.iter_rows(min_row=min_row):
        for cell in cells:
            if cell.data_type == "f":
                cell.data_type = "s"


def to_json(export: Export, completeness: dict[str, Any]) -> bytes:
    found: dict[str, Any] = {
        "version": SCHEMA_VERSION,
        "as_of": export.as_of.isoformat(),
        **completeness,
        **({"access": export.access} if export.access else {}),
        "columns": list(COLUMN_NAMES),
        "rows": export.rows,
    }
    return (json.dumps(found, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def to_xlsx(export: Export) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Export"
    sheet.append(list(COLUMN_NAMES))
    for row in export.rows:
        sheet.append([row[name] for name in COLUMN_NAMES])
    text_cells(sheet)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMN_NAMES))}{len(export.rows) + 1}"
    about = book.create_sheet("Om exporten")
    about.append(["Gäller", export.as_of.isoformat()])
    if export.access:
        about.append(["Åtkomst", export.access])
    for name, meaning in COLUMNS:
        about.append([name, meaning])
    book.properties.title = f"samverkan export {export.as_of.isoformat()}"
    book.properties.language = "sv-SE"
    book.properties.creator = "samverkan"
    # A fixed time, so that the same records give the same bytes.
    fixed = datetime.datetime(export.as_of.year, export.as_of.month, export.as_of.day)
    book.properties.created = fixed
    book.properties.modified = fixed
    out = io.BytesIO()
    book.save(out)
    return same_bytes(out.getvalue(), fixed)


_DATED = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)")


def same_bytes(xlsx: bytes, when: datetime.datetime) -> bytes:
    """The workbook with every part dated `when` (a zip dates each part at the time it is
    written, and openpyxl stamps the time it saves): the same records, the same file."""
    import zipfile

    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _DATED.sub(lambda found: found[1] + stamp + found[2], content)
            part = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            part.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(part, content)
    return out.getvalue()
