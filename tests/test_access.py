"""Access levels: internal records and activities stay out of public documents."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

PROMISE = "promises/centrum/centrum-2022.yaml"


def _mark_internal(tree: Path) -> None:
    path = tree / PROMISE
    path.write_text(
        path.read_text(encoding="utf-8") + "  - date: 2022-03-01\n    target: trygghetsvandringar\n"
        "    description: Vandring med en namngiven informatör.\n    access: intern\n",
        encoding="utf-8",
    )
    followup = tree / "agreements/testavtal/followups/mars-2021.yaml"
    followup.write_text(followup.read_text(encoding="utf-8") + "access: intern\n")


def test_public_report_leaves_internal_content_out_and_says_so(tree: Path) -> None:
    _mark_internal(tree)
    assert run_cli("validate", "--data", tree).exit_code == 0
    public = run_cli("report", "--data", tree, "--as-of", "2022-06-01").output
    log = run_cli("report", "promise", "centrum-2022", "--data", tree, "--as-of", "2022-06-01")
    assert "namngiven informatör" not in log.output
    assert "Uppföljning mars 2021" not in public
    assert "Åtkomst: Offentlig version: 2 uppgifter märkta intern är utelämnade." in public
    assert "1 av 8 trygghetsvandringar" in public


def test_internal_report_includes_it_and_is_marked(tree: Path) -> None:
    _mark_internal(tree)
    internal = run_cli("report", "--data", tree, "--as-of", "2022-06-01", "--include-internal")
    assert "Uppföljning mars 2021" in internal.output
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
    assert "Åtkomst: INTERN: innehåller 2 uppgifter märkta intern" in internal.output
    assert "2 av 8 trygghetsvandringar" in internal.output


def test_internal_remiss_needs_the_flag(tree: Path) -> None:
    path = tree / "agreements/testavtal/remisses/ks-2024-9.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "access: intern\n")
    refused = run_cli("remiss", "render", "ks-2024-9", "--data", tree)
    assert refused.exit_code == 2 and "märkt intern" in refused.output
    allowed = run_cli("remiss", "render", "ks-2024-9", "--data", tree, "--include-internal")
    assert allowed.exit_code == 0 and "INTERN" in allowed.output


def test_pdf_says_which_level_it_is(tree: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    _mark_internal(tree)
    target = tmp_path / "r.pdf"
    run_cli("report", "promise", "centrum-2022", "--data", tree, "--format", "pdf", "-o", target)
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Offentlig version" in text and "namngiven" not in text
