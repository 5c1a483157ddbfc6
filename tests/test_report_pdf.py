"""PDF reports: tagged PDF/A-2a + PDF/UA-1, Swedish, embedded fonts, reproducible."""

from __future__ import annotations

import re
import subprocess
import sys
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, REPO, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from samverkan_cli.output.documents.pdf import compile_pdf
from samverkan_cli.output.documents.templating import typst_text

EXAMPLES = REPO / "examples" / "exempelstad"


def make_pdf(tmp_path: Path, *args: str | Path) -> tuple[bytes, PdfReader]:
    """Render a PDF through the CLI and run the PDF/UA subset checker on it."""
    target = tmp_path / "rapport.pdf"
    result = run_cli("report", *args, "--format", "pdf", "-o", target)
    assert result.exit_code == 0, result.output
    checked = subprocess.run(
        [str(Path(sys.executable).with_name("pdfua")), "check", str(target)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0 and "result: PASS" in checked.stdout, checked.stdout
    content = target.read_bytes()
    return content, PdfReader(BytesIO(content))


@pytest.fixture(scope="module")
def overview(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, PdfReader]:
    return make_pdf(tmp_path_factory.mktemp("pdf"), "--data", DATA, "--as-of", "2024-01-01")


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_is_tagged_with_language_and_title(overview: tuple[bytes, PdfReader]) -> None:
    _, reader = overview
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert root["/Lang"] == "sv"
    assert reader.metadata is not None
    assert reader.metadata.title == "Samverkan mellan kommun och polis: lägesrapport"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


def test_pdf_declares_pdf_a_2a_and_pdf_ua_1(overview: tuple[bytes, PdfReader]) -> None:
    _, reader = overview
    root: Any = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"<pdfaid:part>2</pdfaid:part>", xmp)
    assert re.search(r"<pdfaid:conformance>A</pdfaid:conformance>", xmp)
    assert re.search(r"<pdfuaid:part>1</pdfuaid:part>", xmp)
    assert "/OutputIntents" in root


def test_every_font_is_embedded(overview: tuple[bytes, PdfReader]) -> None:
    _, reader = overview
    fonts = 0
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts += 1
    assert fonts > 0


def test_pdf_text_is_swedish_with_header_and_page_numbers(
    overview: tuple[bytes, PdfReader],
) -> None:
    _, reader = overview
    text = _text(reader)
    assert len(reader.pages) >= 2
    for expected in (
        "Status 1 januari 2024",
        "Sida 1 av",
        "Husby",
        "särskilt utsatt område",
        "Prioriterade samverkansområden",
        "KS 2019/656",
        "Medborgarlöfte 2022 för lokalpolisområde Norrmalm",
    ):
        assert expected in text, expected


def test_same_records_and_date_give_the_same_bytes(
    tmp_path: Path, overview: tuple[bytes, PdfReader]
) -> None:
    again, _ = make_pdf(tmp_path, "--data", DATA, "--as-of", "2024-01-01")
    assert again == overview[0]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["agreement", "stockholm", "--data", DATA], "Förslag: revision 2023"),
        (["promise", "norrmalm-2022", "--data", DATA], "Ingen aktivitetslogg är förd"),
        (["areas", "--data", DATA], "Klassningar över tid"),
        (["promise", "centrum-2024", "--data", EXAMPLES, "--as-of", "2024-06-30"], "63\u00a0%"),
    ],
    ids=["agreement", "promise", "areas", "example-promise"],
)
def test_every_kind_makes_a_pdf(tmp_path: Path, args: list[str | Path], expected: str) -> None:
    if "--as-of" not in args:
        args = [*args, "--as-of", "2024-01-01"]
    _, reader = make_pdf(tmp_path, *args)
    assert expected in _text(reader)


def test_pdf_to_a_pipe() -> None:
    result = run_cli("report", "areas", "--data", DATA, "--format", "pdf", "--as-of", "2024-01-01")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"%PDF-")


NASTY = '# * _ $ @ < > [ ] \\ ` " // /* x */ -- --- ... ~ = - + http://x.se'


def test_record_text_never_becomes_typst_markup(tmp_path: Path) -> None:
    from test_report_markdown import HOSTILE, HOSTILE_LINES, hostile_tree

    root = hostile_tree(tmp_path)
    _, reader = make_pdf(
        tmp_path, "promise", "centrum-2022", "--data", root, "--as-of", "2022-06-01"
    )
    text = " ".join(_text(reader).split())
    assert " ".join(HOSTILE.split()) in text
    for line in HOSTILE_LINES.splitlines():
        assert line in text


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(NASTY) + list("abcåäö\n")), max_size=30))
def test_any_text_compiles_literally_in_typst(text: str) -> None:
    source = f'#set document(title: "t")\n#set text(lang: "sv")\n{typst_text(text)}[.]\n'
    import datetime

    reader = PdfReader(BytesIO(compile_pdf(source, datetime.date(2024, 1, 1))))
    shown = " ".join(reader.pages[0].extract_text().split())
    # The `[.]` after the string stays text: the `;` ends the expression (no call, no field).
    assert shown.replace(" ", "") == (text + "[.]").replace(" ", "").replace("\n", "")
