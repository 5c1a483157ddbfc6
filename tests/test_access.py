"""Access levels: what is marked intern stays out of every output unless --include-internal,
and the verdicts are computed on what is shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from samverkan_cli.records.access import INTERNAL_NOTICE

PROMISE = "promises/centrum/centrum-2022.yaml"
FOLLOWUP = "agreements/testavtal/followups/mars-2021.yaml"
REMISS = "agreements/testavtal/remisses/ks-2024-9.yaml"
REVISION = "agreements/testavtal/revisions/2024.yaml"

SECRET_PROMISE = """\
id: hemlig-2022
issuers:
  - lpo-centrum
  - teststad
year: 2022
title: HEMLIGT löfte 2022
access: intern
commitments:
  - id: hemligt
    title: HEMLIGT åtagande
    targets:
      - id: hemligt-mal
        kind: milestone
        title: HEMLIGT mål
"""
SECRET_ACTIVITY = (
    "  - date: 2022-03-01\n    target: trygghetsvandringar\n"
    "    description: HEMLIG vandring med en namngiven informatör.\n    access: intern\n"
)
SECRET_FOLLOWUP = """\
id: april-2021
agreement: testavtal
title: HEMLIG uppföljning april 2021
date: 2021-04
access: intern
source:
  title: HEMLIG källa
measurements:
  - target: otrygghet
    date: 2021-04
    value: 15
"""
SECRETS = ("HEMLIG", "hemlig", "informatör", "april-2021")


def _add_internal(tree: Path) -> None:
    """An internal promise, an internal activity and an internal follow-up whose measurement
    would make a goal reached."""
    (tree / "promises/centrum/hemlig-2022.yaml").write_text(SECRET_PROMISE, encoding="utf-8")
    path = tree / PROMISE
    path.write_text(path.read_text(encoding="utf-8") + SECRET_ACTIVITY, encoding="utf-8")
    followup = tree / "agreements/testavtal/followups/april-2021.yaml"
    followup.write_text(SECRET_FOLLOWUP, encoding="utf-8")


def _mark_internal(tree: Path, relative: str) -> None:
    path = tree / relative
    path.write_text(path.read_text(encoding="utf-8") + "access: intern\n", encoding="utf-8")


def _no_trace(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} in:\n{text}"


def _otrygghet(document: dict[str, object]) -> str:
    records = document["records"]
    assert isinstance(records, list)
    return next(
        target["status"]
        for record in records
        for group in record["groups"]
        for target in group["targets"]
        if record["id"] == "testavtal" and target["id"] == "otrygghet"
    )


def test_status_leaves_internal_content_out_and_judges_what_it_shows(tree: Path) -> None:
    _add_internal(tree)
    _mark_internal(tree, FOLLOWUP)
    assert run_cli("validate", "--data", tree).exit_code == 0
    table = run_cli("status", "--data", tree, "--as-of", "2022-06-01", "--details")
    assert table.exit_code == 0, table.output
    _no_trace(table.output)
    assert "1 av 8" in table.output
    shown = run_cli("status", "--data", tree, "--as-of", "2022-06-01", "--format", "json")
    _no_trace(shown.output)
    document = json.loads(shown.output)
    # The only public measurement is internal now: no data, as the public report says.
    assert _otrygghet(document) == "ingen data"
    report = run_cli("report", "agreement", "testavtal", "--data", tree, "--as-of", "2022-06-01")
    assert "ingen data" in report.output.lower()

    assert "access" not in document and "INTERN" not in table.output
    everything = run_cli(
        "status", "--data", tree, "--as-of", "2022-06-01", "--format", "json", "--include-internal"
    )
    assert "hemlig-2022" in everything.output and "HEMLIGT mål" in everything.output
    internal = json.loads(everything.output)
    assert _otrygghet(internal) == "uppnått"
    assert internal["access"] == INTERNAL_NOTICE
    table = run_cli(
        "status", "--data", tree, "--as-of", "2022-06-01", "--details", "--include-internal"
    )
    assert "HEMLIGT löfte" in table.output and "2 av 8" in table.output
    assert table.output.splitlines()[0] == INTERNAL_NOTICE


def test_status_of_an_internal_record_says_so(tree: Path) -> None:
    _add_internal(tree)
    refused = run_cli("status", "hemlig-2022", "--data", tree)
    assert refused.exit_code == 2
    assert "'hemlig-2022' är märkt intern; ta med den med --include-internal" in refused.output
    shown = run_cli("status", "hemlig-2022", "--data", tree, "--include-internal")
    assert shown.exit_code == 0 and "HEMLIGT" in shown.output


def test_public_report_leaves_internal_content_out_and_says_nothing_of_it(tree: Path) -> None:
    _add_internal(tree)
    _mark_internal(tree, FOLLOWUP)
    for kind in ("overview", "areas"):
        public = run_cli("report", kind, "--data", tree, "--as-of", "2022-06-01").output
        _no_trace(public)
        assert "Åtkomst" not in public and "intern" not in public
    public = run_cli("report", "--data", tree, "--as-of", "2022-06-01").output
    assert "Uppföljning mars 2021" not in public
    assert "1 av 8 trygghetsvandringar" in public
    log = run_cli("report", "promise", "centrum-2022", "--data", tree, "--as-of", "2022-06-01")
    _no_trace(log.output)
    assert "Åtkomst" not in log.output


def test_public_document_has_no_access_line(tree: Path) -> None:
    for kind in ("overview", "areas"):
        text = run_cli("report", kind, "--data", tree, "--as-of", "2022-06-01").output
        assert "Åtkomst" not in text and "Offentlig" not in text
    remiss = run_cli("remiss", "render", "ks-2024-9", "--data", tree).output
    assert "Åtkomst" not in remiss and "Offentlig" not in remiss


def test_internal_report_includes_it_and_is_marked(tree: Path) -> None:
    _add_internal(tree)
    _mark_internal(tree, FOLLOWUP)
    internal = run_cli("report", "--data", tree, "--as-of", "2022-06-01", "--include-internal")
    assert "Uppföljning mars 2021" in internal.output
    assert "HEMLIGT löfte" in internal.output
    log = run_cli(
        "report",
        "promise",
        "centrum-2022",
        "--data",
        tree,
        "--as-of",
        "2022-06-01",
        "--include-internal",
    )
    assert "namngiven informatör" in log.output
    assert "**Åtkomst: INTERN: innehåller 4 uppgifter märkta intern" in internal.output
    assert "2 av 8 trygghetsvandringar" in internal.output


def test_internal_remiss_needs_the_flag(tree: Path) -> None:
    _mark_internal(tree, REMISS)
    refused = run_cli("remiss", "render", "ks-2024-9", "--data", tree)
    assert refused.exit_code == 2 and "märkt intern" in refused.output
    allowed = run_cli("remiss", "render", "ks-2024-9", "--data", tree, "--include-internal")
    assert allowed.exit_code == 0 and "INTERN" in allowed.output


def test_remiss_status_leaves_an_internal_remiss_out(tree: Path) -> None:
    _mark_internal(tree, REMISS)
    for extra in ((), ("--format", "json")):
        public = run_cli("remiss", "status", "--data", tree, *extra)
        assert public.exit_code == 0, public.output
        assert "KS 2024/9" not in public.output and "ks-2024-9" not in public.output
        everything = run_cli("remiss", "status", "--data", tree, "--include-internal", *extra)
        assert "KS 2024/9" in everything.output and INTERNAL_NOTICE in everything.output
        assert "INTERN" not in public.output
    refused = run_cli("remiss", "status", "ks-2024-9", "--data", tree)
    assert refused.exit_code == 2 and "märkt intern" in refused.output


def test_revision_diff_leaves_an_internal_revision_out(tree: Path) -> None:
    _mark_internal(tree, REVISION)
    refused = run_cli("revision", "diff", "testavtal", "--data", tree, "--format", "md")
    assert refused.exit_code == 2, refused.output
    assert "Unga och platser" not in refused.output
    named = run_cli("revision", "diff", "testavtal", "2020", "2024", "--data", tree)
    assert "revisionen '2024' är märkt intern" in named.output
    shown = run_cli(
        "revision", "diff", "testavtal", "--data", tree, "--format", "md", "--include-internal"
    )
    assert shown.exit_code == 0, shown.output
    assert "Unga och platser" in shown.output
    assert f"**Åtkomst: {INTERNAL_NOTICE}**" in shown.output
    table = run_cli("revision", "diff", "testavtal", "--data", tree, "--include-internal")
    assert INTERNAL_NOTICE in table.output


def test_pdf_leaves_internal_content_out_and_marks_an_internal_one(
    tree: Path, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    _add_internal(tree)

    def pdf_text(*extra: str) -> str:
        target = tmp_path / "r.pdf"
        run_cli(
            "report",
            "--data",
            tree,
            "--as-of",
            "2022-06-01",
            "--format",
            "pdf",
            "-o",
            target,
            *extra,
        )
        return "".join(page.extract_text() for page in PdfReader(target).pages)

    public = pdf_text()
    _no_trace(public)
    assert "Åtkomst" not in public and "Offentlig" not in public
    internal = pdf_text("--include-internal")
    assert "INTERN" in internal and "HEMLIG" in internal


@pytest.mark.parametrize("output_format", ["text", "md", "json"])
def test_diff_leaves_internal_changes_out(repo: Path, output_format: str) -> None:
    _add_internal(repo / "data")
    public = run_cli("diff", "main", "--as-of", "2022-06-01", "--format", output_format)
    assert public.exit_code == 0, public.output
    _no_trace(public.output)
    # The internal measurement would reach the goal; the public diff does not say so.
    assert "uppnått" not in public.output
    everything = run_cli(
        "diff", "main", "--as-of", "2022-06-01", "--format", output_format, "--include-internal"
    )
    assert "HEMLIG" in everything.output and "uppnått" in everything.output
    assert INTERNAL_NOTICE in everything.output and "INTERN" not in public.output


def test_diff_of_a_record_made_internal_says_so(repo: Path) -> None:
    _mark_internal(repo / "data", FOLLOWUP)
    result = run_cli("diff", "main", "--as-of", "2022-06-01")
    assert "märkt intern, visas inte" in result.output
    assert "ogiltig" not in result.output


@pytest.mark.parametrize("output_format", ["md", "pdf"])
def test_a_report_of_an_internal_record_says_it_is_internal(
    tree: Path, tmp_path: Path, output_format: str
) -> None:
    _add_internal(tree)
    out = tmp_path / f"rapport.{output_format}"
    args = ("report", "promise", "hemlig-2022", "--data", tree, "--format", output_format)
    refused = run_cli(*args, "-o", out)
    assert refused.exit_code == 2
    assert "medborgarlöftet 'hemlig-2022' är märkt intern" in refused.output
    assert "finns inte" not in refused.output and not out.exists()
    assert run_cli(*args, "-o", out, "--include-internal").exit_code == 0
