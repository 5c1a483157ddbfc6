"""`samverkan export`: the rows an analyst gets, in CSV, XLSX and JSON, hold what `status`
says, and follow the same access rules as the reports (all data invented)."""

from __future__ import annotations

import csv
import datetime
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, run_cli

from samverkan_cli.records.access import INTERNAL_NOTICE

EXAMPLE = REPO / "examples" / "exempelstad"
AS_OF = "2024-06-30"


def _status(data: Path, *extra: str) -> dict[tuple[str, str, str], dict[str, Any]]:
    result = run_cli("status", "--data", data, "--as-of", AS_OF, "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    return {
        (record["id"], group["id"], target["id"]): target
        for record in found["records"]
        if record["kind"] != "area"
        for group in record["groups"]
        for target in group["targets"]
    }


def _csv_rows(content: bytes) -> list[dict[str, Any]]:
    assert content.startswith(b"\xef\xbb\xbf"), "Excel reads UTF-8 only after a BOM"
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    for row in rows:
        for name, value in row.items():
            if value == "":
                row[name] = None
        if row["progress"] is not None:
            row["progress"] = float(row["progress"].replace(",", "."))
        if row["count"] is not None:
            row["count"] = int(row["count"])
    return rows


def _xlsx_rows(path: Path) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    sheet = load_workbook(path)["Export"]
    values = list(sheet.iter_rows(values_only=True))
    header = [str(name) for name in values[0]]
    return [dict(zip(header, row, strict=True)) for row in values[1:]]


def _export(tmp_path: Path, data: Path, output_format: str, *extra: str) -> list[dict[str, Any]]:
    out = tmp_path / f"export.{output_format}"
    result = run_cli("export", "--data", data, "--as-of", AS_OF, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    if output_format == "csv":
        return _csv_rows(out.read_bytes())
    if output_format == "xlsx":
        return _xlsx_rows(out)
    found = json.loads(out.read_text(encoding="utf-8"))
    assert found["as_of"] == AS_OF and found["columns"] == list(found["rows"][0])
    rows: list[dict[str, Any]] = found["rows"]
    return rows


@pytest.mark.parametrize("output_format", ["csv", "xlsx", "json"])
def test_export_holds_what_status_says(tmp_path: Path, output_format: str) -> None:
    rows = _export(tmp_path, EXAMPLE, output_format)
    status = _status(EXAMPLE)
    targets = {(r["record"], r["group"], r["target"]): r for r in rows if r["row"] == "mål"}
    assert targets.keys() == status.keys()
    for key, row in targets.items():
        expected = status[key]
        assert (row["status"], row["why"], row["target_title"]) == (
            expected["status"],
            expected["sentence"],
            expected["title"],
        ), key
        assert row["progress"] == pytest.approx(expected["progress"]), key
    statuses = {row["status"] for row in targets.values()}
    assert len(statuses) >= 4, "the example shows most statuses"


@pytest.mark.parametrize("output_format", ["csv", "xlsx", "json"])
def test_export_has_a_row_for_each_activity(tmp_path: Path, output_format: str) -> None:
    from ruamel.yaml import YAML

    promise = YAML(typ="safe").load(
        (EXAMPLE / "promises/centrum/centrum-2024.yaml").read_text(encoding="utf-8")
    )
    rows = [row for row in _export(tmp_path, EXAMPLE, output_format) if row["row"] == "aktivitet"]
    assert [(row["date"], row["target"], row["description"], row["count"]) for row in rows] == [
        (str(a["date"]), a["target"], a["description"], a.get("count", 1))
        for a in promise["activities"]
    ]
    first = rows[0]
    assert first["record"] == "centrum-2024"
    assert (first["kommun"], first["lokalpolisomrade"]) == (
        "Exempelstads kommun",
        "Lokalpolisområde Centrum",
    )
    assert first["period_start"] == "2024-01-01" and first["period_end"] == "2024-12-31"


SECRET_PROMISE = """\
# Invented test data.
id: hemlig-2022
issuers: [lpo-centrum, teststad]
year: 2022
title: HEMLIGT löfte 2022
access: intern
commitments:
  - id: hemligt
    title: HEMLIGT åtagande
    targets:
      - {id: hemligt-mal, kind: milestone, title: HEMLIGT mål}
"""
SECRET_ACTIVITY = (
    "  - date: 2022-03-01\n    target: trygghetsvandringar\n"
    "    description: HEMLIG vandring med en namngiven informatör.\n    access: intern\n"
)


def _add_secrets(tree: Path) -> None:
    (tree / "promises/centrum/hemlig-2022.yaml").write_text(SECRET_PROMISE, encoding="utf-8")
    path = tree / "promises/centrum/centrum-2022.yaml"
    path.write_text(path.read_text(encoding="utf-8") + SECRET_ACTIVITY, encoding="utf-8")


@pytest.mark.parametrize("output_format", ["csv", "xlsx", "json"])
def test_export_leaves_internal_content_out(tmp_path: Path, tree: Path, output_format: str) -> None:
    _add_secrets(tree)
    out = tmp_path / f"export.{output_format}"
    result = run_cli("export", "--data", tree, "--as-of", "2022-06-30", "-o", out)
    assert result.exit_code == 0, result.output
    content = out.read_bytes()
    if output_format == "xlsx":
        rows = _xlsx_rows(out)
        content = json.dumps(rows, ensure_ascii=False).encode("utf-8")
    for secret in ("HEMLIG", "hemlig", "informatör", "intern"):
        assert secret.encode("utf-8") not in content.replace(b"internal", b""), secret
    assert "INTERN" not in result.output


def test_export_with_include_internal_marks_each_internal_row(tmp_path: Path, tree: Path) -> None:
    _add_secrets(tree)
    out = tmp_path / "export.json"
    result = run_cli(
        "export", "--data", tree, "--as-of", "2022-06-30", "-o", out, "--include-internal"
    )
    assert result.exit_code == 0, result.output
    assert INTERNAL_NOTICE in result.stderr
    found = json.loads(out.read_text(encoding="utf-8"))
    assert found["access"] == INTERNAL_NOTICE
    internal = [row for row in found["rows"] if row["access"] == "intern"]
    assert {row["record"] for row in internal} == {"hemlig-2022", "centrum-2022"}
    assert any(row["description"] and "HEMLIG" in row["description"] for row in internal)
    assert all(
        row["access"] == "offentlig"
        for row in found["rows"]
        if row["record"] == "centrum-2022" and row["row"] == "mål"
    )


def test_export_verdicts_leave_internal_activities_uncounted(tree: Path) -> None:
    _add_secrets(tree)
    public = run_cli("export", "--data", tree, "--as-of", "2022-06-30", "--format", "json")
    rows = json.loads(public.stdout)["rows"]
    vandringar = next(row for row in rows if row["target"] == "trygghetsvandringar")
    assert vandringar["why"].startswith("1 av 8"), vandringar["why"]


def test_a_title_that_looks_like_a_formula_stays_text(tmp_path: Path, tree: Path) -> None:
    path = tree / "promises/centrum/centrum-2022.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("title: Ny arbetsmetod", 'title: "=HYPERLINK(\\"http://x\\";\\"Klicka\\")"'),
        encoding="utf-8",
    )
    out = tmp_path / "export.csv"
    assert run_cli("export", "--data", tree, "-o", out).exit_code == 0
    titles = [row["target_title"] for row in _csv_rows(out.read_bytes())]
    assert '\'=HYPERLINK("http://x";"Klicka")' in titles
    from openpyxl import load_workbook

    book = tmp_path / "export.xlsx"
    assert run_cli("export", "--data", tree, "-o", book).exit_code == 0
    cells = [cell for row in load_workbook(book)["Export"].iter_rows() for cell in row]
    formula = [cell for cell in cells if str(cell.value).startswith("=HYPERLINK")]
    assert formula and all(cell.data_type == "s" for cell in formula)


def test_export_of_records_with_errors_says_so_and_exits_1(tree: Path) -> None:
    (tree / "promises/centrum/trasig-2022.yaml").write_text("id: [\n", encoding="utf-8")
    result = run_cli("export", "--data", tree, "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["complete"] is False
    assert "1 fel" in result.stderr


def test_export_refuses_an_unknown_kommun_with_a_suggestion(tree: Path) -> None:
    result = run_cli("export", "--data", tree, "--kommun", "teststd")
    assert result.exit_code == 2
    assert "menade du 'teststad'?" in result.stderr


def test_openpyxl_is_imported_only_for_xlsx(tree: Path) -> None:
    code = (
        "import sys\nfrom pathlib import Path\nfrom samverkan_cli import api\n"
        f"api.status(Path({str(tree)!r}))\n"
        f"api.export(Path({str(tree)!r}), output_format='csv')\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl imported'\n"
        f"api.export(Path({str(tree)!r}), output_format='xlsx')\n"
        "assert 'openpyxl' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_the_same_records_give_the_same_xlsx_bytes(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from samverkan_cli import api

    first = api.export(tree, day_of(AS_OF), output_format="xlsx").content
    later = time.time() + 3 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    assert api.export(tree, day_of(AS_OF), output_format="xlsx").content == first


def day_of(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def test_an_output_named_for_another_format_is_refused(tmp_path: Path) -> None:
    """`-o lagesbild.pdf` would have held CSV under a name that says PDF: refused, nothing
    written; `--format` says what is meant."""
    target = tmp_path / "lagesbild.pdf"
    result = run_cli("export", "--data", EXAMPLE, "-o", target)
    assert result.exit_code == 2
    assert "filändelsen '.pdf' är inget format export skriver" in result.output
    assert not target.exists()
    assert run_cli("export", "--data", EXAMPLE, "-o", target, "--format", "csv").exit_code == 0
    assert target.read_bytes().startswith("\ufeff".encode())
