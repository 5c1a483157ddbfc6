"""`samverkan import activities` and `import --template`: every row checked and told at
FILE:row:column, nothing written unless all is valid (or --skip-invalid), a row imported twice
counted once, and all the promise files written or none (all data invented)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from conftest import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

PROMISE = "promises/centrum/centrum-2022.yaml"
SECOND = "promises/centrum/centrum-2023.yaml"
HEADER = "promise;date;target;description;place;count;by\n"


def _csv(tmp_path: Path, text: str, name: str = "aktiviteter.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    return path


def _second_promise(tree: Path) -> None:
    text = (tree / PROMISE).read_text(encoding="utf-8")
    for old, new in (("centrum-2022", "centrum-2023"), ("2022", "2023")):
        text = text.replace(old, new)
    (tree / SECOND).write_text(text, encoding="utf-8")


def _files(tree: Path) -> dict[str, bytes]:
    return {str(path.relative_to(tree)): path.read_bytes() for path in tree.rglob("*.yaml")}


def _done(tree: Path, as_of: str = "2022-12-31") -> str:
    result = run_cli("status", "centrum-2022", "--data", tree, "--as-of", as_of, "--format", "json")
    found = json.loads(result.stdout)
    return str(
        next(
            target["sentence"]
            for group in found["records"][0]["groups"]
            for target in group["targets"]
            if target["id"] == "trygghetsvandringar"
        )
    )


BAD = (
    HEADER
    + "centrum-2022;2022-03-01;trygghetsvandringar;Vandring i parken;Parken;2;lpo-centrum\n"
    + "centrum-2022;2023-01-01;trygghetsvandringar;För sent;;;\n"
    + "centrum-2022;2022-05-01;trygghetsvandring;Fel mål;;;\n"
    + "centrum-2022;2022-05-02;trygghetsvandringar;Fel utförare;;;lpo-centrun\n"
    + "centrum-2022;14/5/2022;trygghetsvandringar;Fel datum;;noll;\n"
    + "centrum-2022;2022-06-01;trygghetsvandringar;;;;\n"
    + "centrm-2022;2022-03-01;trygghetsvandringar;Fel löfte;;;\n"
    + "centrum-2022;2022-06-02;metöd;Fel tecken;;;\n"
)


def test_bad_rows_are_all_told_at_row_and_column_and_nothing_is_written(
    tmp_path: Path, tree: Path
) -> None:
    sheet = _csv(tmp_path, BAD)
    before = _files(tree)
    result = run_cli("import", "activities", sheet, "--data", tree)
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stdout.splitlines() if ": error[" in line]
    assert lines == [
        f"{sheet}:3:B: error[date-outside-year]: aktiviteten är daterad 1 januari 2023, utanför"
        " löftets period 2022",
        f"{sheet}:4:C: error[unknown-reference]: målet 'trygghetsvandring' finns inte i detta"
        " medborgarlöfte; menade du 'trygghetsvandringar'?",
        f"{sheet}:5:G: error[unknown-reference]: organisation 'lpo-centrun' finns inte; menade du"
        " 'lpo-centrum'?",
        f"{sheet}:6:B: error[invalid-date]: '14/5/2022' är inget datum; skriv ÅÅÅÅ-MM-DD"
        " (2024-03-14), ÅÅÅÅ-MM eller ÅÅÅÅ, eller använd en datumcell",
        f"{sheet}:6:F: error[invalid-value]: antalet 'noll' är inget positivt heltal; skriv till"
        " exempel 1 eller 3",
        f"{sheet}:7:D: error[missing-key]: beskrivningen saknas",
        f"{sheet}:8:A: error[unknown-reference]: medborgarlöfte 'centrm-2022' finns inte; menade"
        " du 'centrum-2022'?",
        f"{sheet}:9:C: error[invalid-value]: texten 'metöd' har fel form: ett id skrivs med"
        " gemener a–z, siffror och bindestreck; menade du 'metod'?",
    ]
    assert "inget skrevs" in result.stdout
    assert _files(tree) == before


def test_skip_invalid_imports_the_valid_rows_and_says_which_were_skipped(
    tmp_path: Path, tree: Path
) -> None:
    sheet = _csv(tmp_path, BAD)
    result = run_cli("import", "activities", sheet, "--data", tree, "--skip-invalid")
    assert result.exit_code == 1, result.output
    assert "7 rader hoppades över (rad 3, 4, 5, 6, 7, 8, 9)" in result.stdout
    assert "1 aktivitet tillagd (centrum-2022 1)" in result.stdout
    assert run_cli("validate", "--data", tree).exit_code == 0
    text = (tree / PROMISE).read_text(encoding="utf-8")
    assert "Vandring i parken" in text and "Fel" not in text
    assert _done(tree).startswith("3 av 8")


def test_an_import_is_idempotent(tmp_path: Path, tree: Path) -> None:
    sheet = _csv(
        tmp_path,
        HEADER
        + "centrum-2022;2022-03-01;trygghetsvandringar;Vandring i parken;;;\n"
        + "centrum-2022;2022-03-01;trygghetsvandringar;Vandring i parken;;;\n"
        + "centrum-2022;2022-02-10;trygghetsvandringar;Trygghetsvandring vid torget.;;;\n",
    )
    first = run_cli("import", "activities", sheet, "--data", tree)
    assert first.exit_code == 0, first.output
    assert "1 aktivitet tillagd" in first.stdout
    assert "2 rader fanns redan" in first.stdout
    after_first = _files(tree)
    assert _done(tree).startswith("2 av 8")
    second = run_cli("import", "activities", sheet, "--data", tree)
    assert second.exit_code == 0, second.output
    assert "0 aktiviteter tillagda" in second.stdout and "3 rader fanns redan" in second.stdout
    assert _files(tree) == after_first
    assert _done(tree).startswith("2 av 8")


def test_the_promise_option_serves_a_sheet_without_a_promise_column(
    tmp_path: Path, tree: Path
) -> None:
    sheet = _csv(tmp_path, "datum;mål;beskrivning\n2022-04-01;trygghetsvandringar;Vandring\n")
    refused = run_cli("import", "activities", sheet, "--data", tree)
    assert refused.exit_code == 1
    assert f"{sheet}:1: error[missing-key]: kolumnen 'promise' saknas" in refused.stdout
    result = run_cli("import", "activities", sheet, "--data", tree, "--promise", "centrum-2022")
    assert result.exit_code == 0, result.output
    assert "description: Vandring" in (tree / PROMISE).read_text(encoding="utf-8")


def test_an_unknown_column_is_refused_with_a_suggestion(tmp_path: Path, tree: Path) -> None:
    sheet = _csv(tmp_path, "promise;date;target;descripton\n")
    result = run_cli("import", "activities", sheet, "--data", tree)
    assert result.exit_code == 1
    assert (
        f"{sheet}:1:D: error[unknown-key]: okänd kolumn 'descripton'; menade du 'description'?"
        in result.stdout
    )


def test_a_csv_saved_by_older_excel_in_windows_1252_is_read(tmp_path: Path, tree: Path) -> None:
    sheet = tmp_path / "gammal.csv"
    sheet.write_bytes(
        (
            HEADER + "centrum-2022;2022-04-01;trygghetsvandringar;Vandring på Östra torget;;;\n"
        ).encode("cp1252")
    )
    result = run_cli("import", "activities", sheet, "--data", tree)
    assert result.exit_code == 0, result.output
    assert "Vandring på Östra torget" in (tree / PROMISE).read_text(encoding="utf-8")


def test_a_failure_writing_the_second_promise_leaves_the_first_unchanged(
    tmp_path: Path, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _second_promise(tree)
    sheet = _csv(
        tmp_path,
        HEADER
        + "centrum-2022;2022-04-01;trygghetsvandringar;Vandring 2022;;;\n"
        + "centrum-2023;2023-04-01;trygghetsvandringar;Vandring 2023;;;\n",
    )
    before = _files(tree)
    from samverkan_cli.records import writer

    real = writer.write_bytes_atomic
    calls: list[Path] = []

    def failing(path: Path, content: bytes) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(path, content)

    monkeypatch.setattr(writer, "write_bytes_atomic", failing)
    result = run_cli("import", "activities", sheet, "--data", tree)
    assert result.exit_code == 2, result.output
    assert "ingen fil har ändrats" in result.stderr
    assert len(calls) == 2 and calls[0].name == "centrum-2022.yaml"
    assert _files(tree) == before
    monkeypatch.undo()
    again = run_cli("import", "activities", sheet, "--data", tree)
    assert again.exit_code == 0, again.output
    assert "Vandring 2022" in (tree / PROMISE).read_text(encoding="utf-8")
    assert "Vandring 2023" in (tree / SECOND).read_text(encoding="utf-8")


def test_rows_for_two_promises_are_all_or_nothing(tmp_path: Path, tree: Path) -> None:
    _second_promise(tree)
    sheet = _csv(
        tmp_path,
        HEADER
        + "centrum-2022;2022-04-01;trygghetsvandringar;Vandring 2022;;;\n"
        + "centrum-2023;2022-04-01;trygghetsvandringar;Fel år;;;\n",
    )
    before = _files(tree)
    result = run_cli("import", "activities", sheet, "--data", tree)
    assert result.exit_code == 1
    assert f"{sheet}:3:B: error[date-outside-year]" in result.stdout
    assert _files(tree) == before


def test_the_template_lists_the_targets_as_a_drop_down_and_imports_when_filled(
    tmp_path: Path, tree: Path
) -> None:
    from openpyxl import load_workbook

    template = tmp_path / "mall.xlsx"
    made = run_cli("import", "--template", "centrum-2022", "--data", tree, "-o", template)
    assert made.exit_code == 0, made.output
    book = load_workbook(template)
    targets = [row for row in book["Mål"].iter_rows(min_row=2, values_only=True)]
    assert [row[:2] for row in targets] == [
        ("trygghetsvandringar", "Minst 8 trygghetsvandringar"),
        ("metod", "Ny arbetsmetod"),
    ]
    sheet = book["Aktiviteter"]
    header = [cell.value for cell in sheet[1]]
    assert header == ["promise", "date", "target", "description", "place", "count", "by"]
    lists = {
        str(check.sqref): check.formula1
        for check in sheet.data_validations.dataValidation
        if check.type == "list"
    }
    assert lists["C2:C501"] == "'Mål'!$A$2:$A$3"
    assert lists["A2:A501"] == '"centrum-2022"'
    filled = [
        ["centrum-2022", datetime.datetime(2022, 4, 1), "trygghetsvandringar", "Med"],
        [None, datetime.date(2022, 4, 2), "trygghetsvandringar", "Utan löfte", None, 3.0],
    ]
    for row, values in enumerate(filled, start=2):
        for column, value in enumerate(values, start=1):
            sheet.cell(row, column, value)
    book.save(template)
    refused = run_cli("import", "activities", template, "--data", tree)
    assert refused.exit_code == 1
    assert f"{template}:3:A: error[missing-key]: löftet saknas" in refused.stdout
    result = run_cli("import", "activities", template, "--data", tree, "--promise", "centrum-2022")
    assert result.exit_code == 0, result.output
    text = (tree / PROMISE).read_text(encoding="utf-8")
    assert "date: 2022-04-01" in text and "date: 2022-04-02" in text and "count: 3" in text
    assert _done(tree).startswith("5 av 8")


def test_the_csv_template_imports_nothing_until_filled(tmp_path: Path, tree: Path) -> None:
    template = tmp_path / "mall.csv"
    assert (
        run_cli("import", "--template", "centrum-2022", "--data", tree, "-o", template).exit_code
        == 0
    )
    text = template.read_bytes().decode("utf-8-sig")
    assert (
        text.splitlines()[1] == "centrum-2022;;trygghetsvandringar;Minst 8 trygghetsvandringar;;;;"
    )
    before = _files(tree)
    empty = run_cli("import", "activities", template, "--data", tree)
    assert empty.exit_code == 0 and "0 rader lästa" in empty.stdout
    assert _files(tree) == before
    template.write_text(
        text.replace(
            "centrum-2022;;trygghetsvandringar;", "centrum-2022;2022-09-01;trygghetsvandringar;", 1
        ).replace("trygghetsvandringar;;;;", "trygghetsvandringar;Höstvandring;;;", 1),
        encoding="utf-8",
    )
    result = run_cli("import", "activities", template, "--data", tree)
    assert result.exit_code == 0, result.output
    assert "Höstvandring" in (tree / PROMISE).read_text(encoding="utf-8")


def test_an_unknown_promise_template_and_a_broken_xlsx_cannot_run(
    tmp_path: Path, tree: Path
) -> None:
    missing = run_cli("import", "--template", "centrum-2021", "--data", tree)
    assert missing.exit_code == 2
    assert "menade du 'centrum-2022'?" in missing.stderr
    broken = tmp_path / "trasig.xlsx"
    broken.write_bytes(b"PK\x03\x04 inte en arbetsbok")
    result = run_cli("import", "activities", broken, "--data", tree)
    assert result.exit_code == 2
    assert "ingen giltig XLSX-fil" in result.stderr


def test_comments_in_the_promise_file_are_kept(tmp_path: Path, tree: Path) -> None:
    path = tree / PROMISE
    path.write_text(
        path.read_text(encoding="utf-8").replace("year: 2022", "year: 2022  # kalenderåret"),
        encoding="utf-8",
    )
    sheet = _csv(tmp_path, HEADER + "centrum-2022;2022-04-01;metod;Metoden klar;;;\n")
    assert run_cli("import", "activities", sheet, "--data", tree).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "year: 2022  # kalenderåret" in text and "\n# Invented test data.\n" in text


def test_an_xlsx_that_unpacks_into_too_much_is_refused_unread(
    tmp_path: Path, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    from samverkan_cli.loading import sheets

    monkeypatch.setattr(sheets, "MAX_UNPACKED", 4 * 1024 * 1024)  # quicker to pack

    bomb = tmp_path / "bomb.xlsx"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(5):
            member.write(bytes(1024 * 1024))
    assert bomb.stat().st_size < 64 * 1024
    result = run_cli("import", "activities", bomb, "--data", tree)
    assert result.exit_code == 2
    assert "packas upp till mer än 4 MB och läses inte" in result.stderr


def test_bad_rows_of_an_xlsx_are_told_at_row_and_column(tmp_path: Path, tree: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["promise", "date", "target", "description", "place", "count", "by"])
    sheet.append(["centrum-2022", datetime.date(2022, 5, 1), "trygghetsvandringar", "Bra rad"])
    sheet.append(["centrum-2022", datetime.date(2021, 12, 31), "trygghetsvandringar", "Tidig"])
    sheet.append(["centrum-2022", "2022-05-03", "trygghetsvandringar", "Noll", None, 0])
    sheet.append(["centrum-2022", 2022.5, "trygghetsvandringar", "Taldatum", None, 1.5])
    path = tmp_path / "logg.xlsx"
    book.save(path)
    before = _files(tree)
    result = run_cli("import", "activities", path, "--data", tree)
    assert result.exit_code == 1, result.output
    assert [line.split(": ", 1)[0] for line in result.stdout.splitlines() if "error[" in line] == [
        f"{path}:3:B",
        f"{path}:4:F",
        f"{path}:5:B",
        f"{path}:5:F",
    ]
    assert _files(tree) == before


_CELLS = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(-3, 3000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["centrum-2022", "trygghetsvandringar", "2022-03-01", "3 juni 2022", "0"]),
)


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.lists(_CELLS, min_size=0, max_size=9), max_size=6))
def test_any_cells_give_an_activity_or_a_problem_never_a_crash(rows: list[list[object]]) -> None:
    from samverkan_cli.checks.activity_rows import COLUMNS, read_rows
    from samverkan_cli.loading.sheets import Cell, Sheet

    header = [Cell(name, 1, index) for index, name in enumerate(COLUMNS, start=1)]
    cells = [
        [Cell(row[i] if i < len(row) else None, number, i + 1) for i in range(len(COLUMNS))]
        for number, row in enumerate(rows, start=2)
    ]
    found = read_rows(Sheet(header, cells), "blad.csv", {"centrum-2022": True}, None)
    numbers = [row.number for row in found.rows]
    assert not set(numbers) & found.skipped
    for problem in found.problems:
        assert problem.row in found.skipped and str(problem).startswith(f"blad.csv:{problem.row}:")
    for row in found.rows:
        assert row.promise == "centrum-2022"
        assert {"date", "target", "description"} <= set(row.activity)


def test_a_date_cell_with_a_time_of_day_is_the_activity_of_that_day(
    tmp_path: Path, tree: Path
) -> None:
    """Excel keeps a date typed with a time (14.30) as one date cell; the activity is that day."""
    import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["promise", "date", "target", "description", "place", "count", "by"])
    sheet.append(
        ["centrum-2022", datetime.datetime(2022, 4, 20, 14, 30), "metod", "Möte", None, None, None]
    )
    path = tmp_path / "logg.xlsx"
    book.save(path)
    result = run_cli("import", "activities", path, "--data", tree)
    assert result.exit_code == 0, result.output
    assert "date: 2022-04-20" in (tree / PROMISE).read_text(encoding="utf-8")


def test_a_csv_of_too_many_rows_is_refused_without_reading_them_all(
    tmp_path: Path, tree: Path
) -> None:
    import tracemalloc

    path = _csv(tmp_path, HEADER + "x\n" * 2_000_000)
    tracemalloc.start()
    result = run_cli("import", "activities", path, "--data", tree)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.exit_code == 2, result.output
    assert "fler än 100000 rader" in result.output
    assert peak < 200 * 1024 * 1024  # all rows as lists would be far more
