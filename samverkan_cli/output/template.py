"""The sheet to fill in for `samverkan import activities`: the columns of an activity, and
the promise's targets (ids and titles), as a drop-down list in XLSX."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from samverkan_cli.checks.activity_rows import COLUMNS
from samverkan_cli.output.export import defused, text_cells


@dataclass(frozen=True)
class TemplateTarget:
    id: str
    title: str
    kind: str
    commitment: str


@dataclass(frozen=True)
class Template:
    promise: str
    title: str
    first_day: str
    last_day: str
    targets: list[TemplateTarget]


ROWS = 500
"""How many rows of the XLSX sheet carry the drop-down lists and checks."""
_WIDTHS = {"promise": 18, "date": 12, "target": 28, "description": 60, "place": 24, "by": 18}


def template_csv(template: Template) -> bytes:
    """A row per target with the promise and target filled in, and `target_title` to read by:
    fill in the date and description (copy a row for each activity). Rows left without them
    are not read. `;` and UTF-8 with a byte order mark, as Swedish Excel opens it."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    header = ["promise", "date", "target", "target_title", *COLUMNS[3:]]
    writer.writerow(header)
    for target in template.targets:
        row = dict.fromkeys(header, "")
        row.update(promise=template.promise, target=target.id, target_title=defused(target.title))
        writer.writerow([row[name] for name in header])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(template: Template) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Aktiviteter"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    letter = {name: get_column_letter(index) for index, name in enumerate(COLUMNS, start=1)}
    for name, width in _WIDTHS.items():
        sheet.column_dimensions[letter[name]].width = width
    last = ROWS + 1

    targets = book.create_sheet("Mål")
    targets.append(["target", "rubrik", "typ", "åtagande"])
    for cell in targets[1]:
        cell.font = Font(bold=True)
    for target in template.targets:
        targets.append([target.id, target.title, target.kind, target.commitment])
    text_cells(targets)  # a title or commitment is text, never a formula
    targets.column_dimensions["A"].width = 28
    targets.column_dimensions["B"].width = 60

    checks = [
        DataValidation(
            type="list",
            formula1=f'"{template.promise}"',
            allow_blank=True,
            errorTitle="Fel löfte",
            error=f"Mallen gäller medborgarlöftet {template.promise}.",
        ),
        DataValidation(
            type="list",
            formula1=f"'Mål'!$A$2:$A${max(len(template.targets), 1) + 1}",
            allow_blank=True,
            errorTitle="Okänt mål",
            error="Välj ett av löftets mål i listan (bladet Mål visar rubrikerna).",
            promptTitle="Mål",
            prompt="Välj målet aktiviteten räknas mot.",
        ),
        DataValidation(
            type="date",
            operator="between",
            formula1=f"DATE({_excel_date(template.first_day)})",
            formula2=f"DATE({_excel_date(template.last_day)})",
            allow_blank=True,
            errorTitle="Fel datum",
            error=f"Datumet ska ligga i löftets period, {template.first_day} till"
            f" {template.last_day}.",
        ),
        DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="1",
            allow_blank=True,
            errorTitle="Fel antal",
            error="Antalet är ett positivt heltal (1, 2, 3 …).",
        ),
    ]
    for check, name in zip(checks, ("promise", "target", "date", "count"), strict=True):
        check.showErrorMessage = True
        check.add(f"{letter[name]}2:{letter[name]}{last}")
        sheet.add_data_validation(check)
    for row in range(2, last + 1):
        sheet[f"{letter['date']}{row}"].number_format = "yyyy-mm-dd"

    about = book.create_sheet("Om mallen")
    for line in (
        [f"Aktiviteter för {template.title} ({template.promise})"],
        ["Fyll i en rad per aktivitet på bladet Aktiviteter: datum, mål och vad som gjordes."],
        ["Plats, antal (standard 1) och utförd av (en organisations id) kan lämnas tomma."],
        [f"Importera sedan: samverkan import activities FIL.xlsx (löftet: {template.promise})"],
        ["En rad som redan finns i aktivitetsloggen läggs inte till igen."],
    ):
        about.append(line)
    book.properties.title = f"Aktiviteter för {template.promise}"
    book.properties.creator = "samverkan"
    book.properties.language = "sv-SE"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _excel_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{int(year)},{int(month)},{int(day)}"
