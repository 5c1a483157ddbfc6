"""The rows of an activity sheet (`samverkan import activities`): which column is which, each
cell read as the activity field it is, the promise and target each row names, and the
problems of the promise files once the rows are in them, told at the row and column.

A problem is told as `FILE:row:column` with the row as the spreadsheet numbers it (the
heading is row 1) and the column as its letter (A, B, …), so that it is found in Excel.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from samverkan_cli.diagnostics import Code, Diagnostic, did_you_mean
from samverkan_cli.loading.sheets import Cell, Sheet, column_letter
from samverkan_cli.loading.yaml_reader import Positions
from samverkan_cli.records.dates import PartialDate
from samverkan_cli.records.ids import id_from_name, is_id
from samverkan_cli.support.swedish import MONTHS

COLUMNS = ("promise", "date", "target", "description", "place", "count", "by")
"""The columns of an activity sheet, as the fields of an activity are named."""
REQUIRED = ("date", "target", "description")
IGNORED = ("target_title",)
"""Columns read by people only: the template shows each target's title beside its id."""
ALIASES = {
    "löfte": "promise",
    "medborgarlöfte": "promise",
    "datum": "date",
    "mål": "target",
    "beskrivning": "description",
    "vad som gjordes": "description",
    "plats": "place",
    "antal": "count",
    "utförd av": "by",
    "utförare": "by",
    "målets rubrik": "target_title",
}
"""Swedish headings that are read as the columns above."""

_SWEDISH_DATE = re.compile(r"^(?:(\d{1,2})\s+)?([a-zåäö]+)\s+(\d{4})$")


@dataclass(frozen=True)
class RowProblem:
    path: str
    row: int
    column: str
    """The column's letter, or "" for the whole row (or file)."""
    code: Code
    message: str
    error: bool = True

    def __str__(self) -> str:
        where = (
            f"{self.path}:{self.row}:{self.column}" if self.column else f"{self.path}:{self.row}"
        )
        level = "error" if self.error else "warning"
        return f"{where}: {level}[{self.code}]: {self.message}"


@dataclass
class Row:
    number: int
    promise: str
    activity: dict[str, object]
    letters: dict[str, str]
    """The column letter of each field, to tell where a problem is."""


@dataclass
class ReadRows:
    rows: list[Row] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    skipped: set[int] = field(default_factory=set)
    """The rows (numbers) with a problem."""


def _heading(cell: Cell) -> str:
    text = str(cell.value if cell.value is not None else "").strip().lower()
    return ALIASES.get(text, text)


def columns_of(
    sheet: Sheet, display: str, promise_given: bool
) -> tuple[dict[str, int], list[RowProblem]]:
    """Which column (index) is which field, and what is wrong with the heading row."""
    found: dict[str, int] = {}
    problems = []
    for index, cell in enumerate(sheet.header):
        name = _heading(cell)
        if not name:
            continue
        if name in IGNORED:
            continue
        if name not in COLUMNS:
            problems.append(
                RowProblem(
                    display,
                    1,
                    cell.letter,
                    Code.UNKNOWN_KEY,
                    f"okänd kolumn '{cell.value}'{did_you_mean(name, COLUMNS)};"
                    f" kolumnerna är {', '.join(COLUMNS)}",
                )
            )
        elif name in found:
            problems.append(
                RowProblem(
                    display,
                    1,
                    cell.letter,
                    Code.YAML_DUPLICATE_KEY,
                    f"kolumnen '{name}' finns redan i kolumn {column_letter(found[name] + 1)}",
                )
            )
        else:
            found[name] = index
    wanted = [*REQUIRED, *(() if promise_given else ("promise",))]
    for name in wanted:
        if name not in found:
            hint = " (eller importera med --promise ID)" if name == "promise" else ""
            problems.append(
                RowProblem(display, 1, "", Code.MISSING_KEY, f"kolumnen '{name}' saknas{hint}")
            )
    return found, problems


def _date(value: object) -> str:
    """The activity date a cell holds, as a record writes it; ValueError when none."""
    if isinstance(value, datetime.datetime):  # a date cell, perhaps with the time of day
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
        return str(value)
    text = str(value).strip()
    text = text.removesuffix(" 00:00:00")
    found = _SWEDISH_DATE.match(text.lower())
    if found is not None:
        day, month, year = found.groups()
        if month not in MONTHS:
            raise ValueError
        number = MONTHS.index(month) + 1
        text = f"{year}-{number:02d}" + (f"-{int(day):02d}" if day else "")
    if not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", text):
        raise ValueError
    return PartialDate.parse(text).iso()


def _count(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not text.isdigit():
            raise ValueError
        number = int(text)
    if number < 1:
        raise ValueError
    return number


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


def _id_problem(value: str, what: str, known: Sequence[str]) -> str:
    if not is_id(value):
        suggestion = id_from_name(value)
        hint = f"; menade du '{suggestion}'?" if suggestion and suggestion in known else ""
        return f"'{value}' är inget id för {what}{hint or did_you_mean(suggestion, known)}"
    return f"{what} '{value}' finns inte{did_you_mean(value, known)}"


def read_rows(
    sheet: Sheet,
    display: str,
    promises: Mapping[str, bool],
    promise: str | None,
) -> ReadRows:
    """Each row as an activity of a promise, with the problems of its cells; `validate`
    checks the rest once the rows are in the promise files (`row_problems`). `promises`: the
    id of every promise, and whether its file could be read; `promise`: `--promise`."""
    columns, problems = columns_of(sheet, display, promise is not None)
    found = ReadRows(problems=problems)
    if problems:
        return found
    letters = {name: column_letter(index + 1) for name, index in columns.items()}
    for cells in sheet.rows:
        values = {name: cells[index] for name, index in columns.items()}
        outside = cells[len(sheet.header) :]
        if not outside and all(cell.empty for name, cell in values.items() if name in _FILLED):
            continue  # an empty row, or a template row with only its promise and target
        reader = _RowReader(display, cells[0].row, letters)
        row = reader.read(values, outside, promises, promise)
        if row is None:
            found.problems += reader.problems
            found.skipped.add(reader.number)
        else:
            found.rows.append(row)
    return found


_FILLED = ("date", "description", "place", "count", "by")
"""The cells a person fills in; a row with none of them is not an activity."""


@dataclass
class _RowReader:
    display: str
    number: int
    letters: dict[str, str]
    problems: list[RowProblem] = field(default_factory=list)

    def problem(self, name: str, code: Code, message: str) -> None:
        letter = self.letters.get(name, "")
        self.problems.append(RowProblem(self.display, self.number, letter, code, message))

    def read(
        self,
        values: dict[str, Cell],
        outside: list[Cell],
        promises: Mapping[str, bool],
        promise: str | None,
    ) -> Row | None:
        for extra in outside:
            self.problems.append(
                RowProblem(
                    self.display,
                    self.number,
                    extra.letter,
                    Code.UNKNOWN_KEY,
                    f"ett värde i kolumn {extra.letter}, som saknar rubrik",
                )
            )
        given = values.get("promise")
        chosen = _text(given.value) if given is not None and not given.empty else promise
        if chosen is None:
            self.problem(
                "promise",
                Code.MISSING_KEY,
                "löftet saknas; skriv löftets id i kolumnen promise, eller importera med"
                " --promise ID",
            )
        elif chosen not in promises:
            known = sorted(promises)
            self.problem(
                "promise", Code.UNKNOWN_REFERENCE, _id_problem(chosen, "medborgarlöfte", known)
            )
        elif not promises[chosen]:
            self.problem(
                "promise",
                Code.UNREAD_REFERENCE,
                f"medborgarlöftet '{chosen}' kunde inte läsas; rätta felen i dess fil först"
                " (samverkan validate)",
            )
        activity = self._activity(values)
        if not self.problems:
            self._model(activity)
        if self.problems or chosen is None:
            return None
        return Row(self.number, chosen, activity, self.letters)

    def _model(self, activity: dict[str, object]) -> None:
        """The activity's own fields, as its model checks them: a row that fails here would
        keep the checks between records from seeing the rest of its promise."""
        from pydantic import ValidationError

        from samverkan_cli.loading.model_errors import field_problems
        from samverkan_cli.records.models import Activity

        try:
            Activity.model_validate(activity)
        except ValidationError as error:
            for path, code, message in field_problems(error, Activity, activity):
                self.problem(str(path[0]) if path else "", code, message)

    def _activity(self, values: dict[str, Cell]) -> dict[str, object]:
        activity: dict[str, object] = {}
        for name in COLUMNS[1:]:
            cell = values.get(name)
            if cell is None or cell.empty:
                if name in REQUIRED:
                    self.problem(name, Code.MISSING_KEY, f"{_WHAT[name]} saknas")
                continue
            if name == "date":
                try:
                    activity["date"] = _date(cell.value)
                except ValueError:
                    self.problem(
                        "date",
                        Code.INVALID_DATE,
                        f"'{_text(cell.value)}' är inget datum; skriv ÅÅÅÅ-MM-DD (2024-03-14),"
                        " ÅÅÅÅ-MM eller ÅÅÅÅ, eller använd en datumcell",
                    )
            elif name == "count":
                try:
                    activity["count"] = _count(cell.value)
                except ValueError:
                    self.problem(
                        "count",
                        Code.INVALID_VALUE,
                        f"antalet '{_text(cell.value)}' är inget positivt heltal; skriv till"
                        " exempel 1 eller 3",
                    )
            else:
                activity[name] = _text(cell.value)
        return activity


_WHAT = {"date": "datumet", "target": "målet", "description": "beskrivningen"}


def row_problems(
    diagnostics: Sequence[Diagnostic],
    text: str,
    positions: Positions,
    first: int,
    rows: Sequence[Row],
    display: str,
) -> tuple[list[RowProblem], list[Diagnostic]]:
    """The errors `validate` finds in a promise file with `rows` appended to its log (from
    activity number `first`), told at the row and column each comes from; and the errors
    elsewhere in the file, which were there before."""
    starts = [positions.of_value(("activities", first + index))[0] for index in range(len(rows))]
    ends = [*starts[1:], _end_of_log(text, starts[-1]) if starts else 0]
    found: list[RowProblem] = []
    before: list[Diagnostic] = []
    for diagnostic in diagnostics:
        if not diagnostic.is_error:
            continue
        index = next(
            (
                i
                for i, (start, end) in enumerate(zip(starts, ends, strict=True))
                if start <= diagnostic.line < end
            ),
            None,
        )
        if index is None:
            before.append(diagnostic)
            continue
        row = rows[index]
        letter = _column_at(positions, first + index, row, diagnostic)
        found.append(RowProblem(display, row.number, letter, diagnostic.code, diagnostic.message))
    return found, before


def _end_of_log(text: str, start: int) -> int:
    """The line after the last activity (which begins at line `start`): the next line that is
    not indented, or the end."""
    lines = text.splitlines()
    for number in range(start + 1, len(lines) + 1):
        line = lines[number - 1]
        if line and not line[0].isspace() and not line.startswith(("-", "#")):
            return number
    return len(lines) + 1


def _column_at(positions: Positions, index: int, row: Row, diagnostic: Diagnostic) -> str:
    best = ""
    best_mark = (0, 0)
    for name, letter in row.letters.items():
        if name == "promise":
            continue
        mark = positions.values.get(("activities", index, name))
        if mark is None:
            continue
        line, column = mark[0], mark[1]
        if line == diagnostic.line and column <= diagnostic.column and (line, column) >= best_mark:
            best, best_mark = letter, (line, column)
    return best
