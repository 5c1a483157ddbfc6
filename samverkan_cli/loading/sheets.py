"""Read a spreadsheet (CSV or XLSX) into rows of cells, each with its row number and column
letter, for `samverkan import`. openpyxl is imported only for an XLSX file."""

from __future__ import annotations

import csv
import datetime
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from samverkan_cli.loading.reading import read_limited

MAX_BYTES = 20 * 1024 * 1024
"""The largest file read (a year's log of a large kommun is far below a megabyte)."""
MAX_UNPACKED = 20 * 1024 * 1024
"""The most an XLSX file (a zip) may hold unpacked: a zip bomb is refused before it is read.
openpyxl builds a row's cells in memory at about thirty times their size in the sheet's XML,
so this bounds what a small file can cost (a year's log unpacks to well under a megabyte)."""
MAX_ROWS = 100_000
MAX_COLUMNS = 50

CellValue = str | int | float | datetime.datetime | datetime.date | datetime.time | None


class SheetError(Exception):
    """The file cannot be read as a spreadsheet; the message says why, in Swedish."""


def column_letter(index: int) -> str:
    """`A` for 1, `Z` for 26, `AA` for 27: the column as a spreadsheet names it."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Cell:
    value: CellValue
    row: int
    """1-based, the header being row 1 (as the spreadsheet shows it)."""
    column: int
    """1-based."""

    @property
    def letter(self) -> str:
        return column_letter(self.column)

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass(frozen=True)
class Sheet:
    header: list[Cell]
    rows: list[list[Cell]] = field(default_factory=list)
    """Each row's cells, as many as the header has (missing ones empty)."""


def read_sheet(path: Path) -> Sheet:
    """The first sheet of an XLSX file, or a CSV file (`;`, `,` or tab between fields; UTF-8
    with or without a byte order mark, else Windows-1252 as older Excel saves it)."""
    raw = _read(path)
    if path.suffix.lower() in (".xlsx", ".xlsm") or raw.startswith(b"PK\x03\x04"):
        return _from_values(_xlsx_values(raw))
    return _from_values(_csv_values(raw))


def _read(path: Path) -> bytes:
    import stat

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise SheetError(f"'{path}' är ingen vanlig fil")
        raw = read_limited(os.fspath(path), MAX_BYTES)
    except FileNotFoundError:
        raise SheetError(f"filen '{path}' finns inte") from None
    except OSError as error:
        raise SheetError(f"kan inte läsa '{path}': {error.strerror}") from None
    if raw is None:
        raise SheetError(f"'{path}' är större än {MAX_BYTES // (1024 * 1024)} MB")
    return raw


def _csv_values(raw: bytes) -> list[list[CellValue]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    rows: list[list[CellValue]] = []
    try:
        # Row by row, and no further than the limit allows: twenty megabytes of short lines
        # are millions of rows.
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(list(row[: MAX_COLUMNS + 1]))
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as error:
        raise SheetError(f"filen kan inte läsas som CSV: {error}") from None
    return rows


def _xlsx_values(raw: bytes) -> list[list[CellValue]]:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise SheetError("filen är ingen giltig XLSX-fil (spara den som Excel-arbetsbok)") from None
    if unpacked > MAX_UNPACKED:
        raise SheetError(
            f"XLSX-filen packas upp till mer än {MAX_UNPACKED // (1024 * 1024)} MB och läses inte"
        )
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a broken file
        raise SheetError(f"XLSX-filen kan inte läsas: {type(error).__name__}") from None
    try:
        sheet = book.worksheets[0]
        values: list[list[CellValue]] = []
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            values.append([_plain(value) for value in row])
            if len(values) > MAX_ROWS + 1:
                break
        return values
    finally:
        book.close()


def _plain(value: object) -> CellValue:
    if value is None or isinstance(
        value, str | int | float | datetime.datetime | datetime.date | datetime.time
    ):
        return value
    return str(value)


def _from_values(values: list[list[CellValue]]) -> Sheet:
    while values and all(_blank(value) for value in values[-1]):
        values.pop()
    if not values:
        raise SheetError("filen är tom; den ska ha en rubrikrad och en rad per aktivitet")
    if len(values) > MAX_ROWS + 1:
        raise SheetError(f"filen har fler än {MAX_ROWS} rader; dela upp den")
    width = len(values[0])
    while width and _blank(values[0][width - 1]):
        width -= 1
    if width > MAX_COLUMNS:
        raise SheetError(f"filen har fler än {MAX_COLUMNS} kolumner")
    header = [Cell(values[0][index], 1, index + 1) for index in range(width)]
    rows = []
    for number, row in enumerate(values[1:], start=2):
        cells = [
            Cell(row[index] if index < len(row) else None, number, index + 1)
            for index in range(width)
        ]
        extra = [value for value in row[width:] if not _blank(value)]
        if extra:
            cells.append(Cell(extra[0], number, width + 1 + row[width:].index(extra[0])))
        rows.append(cells)
    return Sheet(header, rows)


def _blank(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
