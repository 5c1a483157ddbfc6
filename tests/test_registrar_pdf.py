"""Documents a registrar can file: the remiss answer and the reports as PDF, with the
organisation's font, dates and metadata, no tool text, no hyphenation, blocks kept whole."""

from __future__ import annotations

import re
import subprocess
import sys
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, WriteFile, run_cli
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from pypdf import PdfReader

INVENTED_FAMILY = "Påhittad Sans"
REMISS = "agreements/testavtal/remisses/ks-2024-9.yaml"
RESPONDENT = "organisations/teststad-stadshus-ab.yaml"
CITY = "organisations/teststad.yaml"


def invented_font(folder: Path, family: str = INVENTED_FAMILY, postscript: str = "") -> Path:
    """An invented TrueType font (every glyph a box) covering the text of the documents."""
    postscript = postscript or "PahittadSans-Regular"
    chars = [chr(c) for c in range(0x21, 0x7F)] + list("åäöÅÄÖéü–—…’”•□\u00a0")
    names = [".notdef", "space", *(f"uni{ord(c):04X}" for c in chars)]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({0x20: "space", **{ord(c): f"uni{ord(c):04X}" for c in chars}})
    glyphs = {}
    for glyph in names:
        pen = TTGlyphPen(None)
        if glyph != "space":
            for x, y in ((50, 0), (50, 700), (450, 700), (450, 0)):
                (pen.moveTo if (x, y) == (50, 0) else pen.lineTo)((x, y))
            pen.closePath()
        glyphs[glyph] = pen.glyph()
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({glyph: (500, 50) for glyph in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable(
        {
            "familyName": family,
            "styleName": "Regular",
            "psName": postscript,
            "uniqueFontIdentifier": postscript,
            "fullName": f"{family} Regular",
            "version": "Version 1.000",
        }
    )
    builder.setupOS2(
        sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200, fsType=0
    )
    builder.setupPost()
    builder.setupHead(unitsPerEm=1000, created=0, modified=0)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{postscript}.ttf"
    builder.save(str(path))
    return path


def render(*args: str | Path, pdf: bool = True) -> Any:
    result = run_cli(*args, *(("--format", "pdf") if pdf else ()), "--as-of", "2024-06-30")
    return result


def pdf_of(tmp_path: Path, *args: str | Path) -> tuple[bytes, PdfReader]:
    target = tmp_path / "dokument.pdf"
    result = render(*args, "-o", target)
    assert result.exit_code == 0, result.output
    content = target.read_bytes()
    return content, PdfReader(BytesIO(content))


def pages_of(reader: PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def font_names(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def long_remiss(tree: Path, write: WriteFile, companies: int = 12) -> None:
    """The invented remiss with many sub-referrals of several lines each, so that page
    breaks fall where a sub-referral would be cut, and with the dates the seed has."""
    summary = (
        "Bolaget har läst förslaget noga och har synpunkter på hur samordningen ska följas"
        " upp, vem som ansvarar för vad och hur resultaten ska redovisas för styrelsen. "
    )
    lines = (tree / REMISS).read_text(encoding="utf-8").split("sub_referrals:")[0]
    subs = []
    for number in range(1, companies + 1):
        write(
            f"organisations/testbolag-{number}.yaml",
            f"# Invented test data.\nid: testbolag-{number}\ntype: kommunalt bolag\n"
            f"name: Testbolag {number} AB\npart_of: teststad\n",
        )
        subs.append(
            f"  - id: testbolag-{number}\n    organisation: testbolag-{number}\n"
            f"    stance: synpunkter\n    summary: >-\n      {summary * 3}Slut {number}.\n"
            f"    attachment: Testbolag {number} ABs remissvar\n"
            f"    answered: 2024-04-0{number % 9 + 1}\n"
        )
    attested = (
        "answered: 2024-05-02\nattested:\n  - name: Test Testsson\n    title: VD\n"
        "    date: 2024-05-02\n"
    )
    write(REMISS, lines + "sub_referrals:\n" + "".join(subs) + attested)
    checked = run_cli("validate", "--data", tree)
    assert checked.exit_code == 0, checked.output


def set_document(write: WriteFile, tree: Path, path: str, settings: str) -> None:
    text = (tree / path).read_text(encoding="utf-8")
    write(path, text + "document:\n" + settings)


# Metadata


def test_remiss_pdf_metadata_names_the_organisation_and_the_diary_number(tmp_path: Path) -> None:
    _, reader = pdf_of(tmp_path, "remiss", "render", "ks-2023-740", "--data", DATA)
    meta = reader.metadata
    assert meta is not None
    assert meta.author == "Stockholms Stadshus AB"
    assert meta.subject == "KS 2023/740"
    assert meta.title == "Remissvar KS 2023/740"
    assert meta["/Keywords"] == "remissvar, KS 2023/740, Kommunstyrelsen"


@pytest.mark.parametrize(
    ("args", "author", "subject"),
    [
        (["overview"], "Stockholms stad och Polisregion Stockholm", None),
        (["agreement", "stockholm"], "Stockholms stad och Polisregion Stockholm", "KS 2019/656"),
        (
            ["promise", "norrmalm-2022"],
            "Lokalpolisområde Norrmalm, Stockholms stad och Lidingö stad",
            None,
        ),
    ],
    ids=["overview", "agreement", "promise"],
)
def test_report_pdf_author_is_who_the_report_is_about_never_the_tool(
    tmp_path: Path, args: list[str], author: str, subject: str | None
) -> None:
    _, reader = pdf_of(tmp_path, "report", *args, "--data", DATA)
    meta = reader.metadata
    assert meta is not None
    assert meta.author == author
    assert meta.subject == subject
    assert meta["/Keywords"]


# Text a registrar files


@pytest.mark.parametrize(
    "args",
    [
        ["remiss", "render", "ks-2023-740"],
        ["report", "overview"],
        ["report", "agreement", "stockholm"],
        ["report", "promise", "norrmalm-2022"],
        ["report", "areas"],
    ],
    ids=["remiss", "overview", "agreement", "promise", "areas"],
)
def test_public_pdfs_have_no_tool_text_and_no_hyphenated_words(
    tmp_path: Path, args: list[str]
) -> None:
    content, reader = pdf_of(tmp_path, *args, "--data", DATA)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "samverkan 0." not in text and "Framtagen med" not in text
    assert b"samverkan" not in content.split(b"/Author", 1)[-1][:40]
    # A word broken over two lines ("mel-\nlan", with a hyphen or, as Typst writes it, a soft
    # hyphen); a dash between words has spaces ("2024–2027").
    broken = re.findall(r"\S*\w[-\u00ad]\n\w\S*", text)
    assert not broken, broken


def test_the_seed_heading_is_not_hyphenated(tmp_path: Path) -> None:
    _, reader = pdf_of(tmp_path, "remiss", "render", "ks-2023-740", "--data", DATA)
    first = reader.pages[0].extract_text()
    assert "mellan Stockholms stad" in " ".join(first.split())
    assert "\u00ad" not in first and "mel-" not in first


def test_a_sub_referral_stays_on_one_page_with_its_heading_and_stance(
    tmp_path: Path, tree: Path, write: WriteFile
) -> None:
    long_remiss(tree, write)
    set_document(write, tree, RESPONDENT, "  stance_line: true\n")
    _, reader = pdf_of(tmp_path, "remiss", "render", "ks-2024-9", "--data", tree)
    pages = pages_of(reader)
    assert len(pages) >= 3
    for number in range(1, 13):
        heading = f"Testbolag {number} ABs remissvar har i huvudsak följande lydelse"
        holding = [i for i, page in enumerate(pages) if heading in page]
        assert len(holding) == 1, (number, holding)
        page = pages[holding[0]]
        after = page.split(heading, 1)[1]
        assert f"Slut {number}." in after and "Ställningstagande: synpunkter." in after, number


# The stance line and the dates


def test_the_stance_line_is_off_by_default_and_a_setting_turns_it_on(
    tree: Path, write: WriteFile
) -> None:
    plain = render("remiss", "render", "ks-2024-9", "--data", tree, pdf=False)
    assert plain.exit_code == 0, plain.output
    assert "Inga invändningar." in plain.output
    assert "Ställningstagande" not in plain.output
    set_document(write, tree, CITY, "  stance_line: true\n")  # the company takes its city's
    shown = render("remiss", "render", "ks-2024-9", "--data", tree, pdf=False)
    assert "Ställningstagande: inga invändningar." in shown.output


def test_attest_dates_are_iso_by_default_as_in_the_seed() -> None:
    text = render("remiss", "render", "ks-2023-740", "--data", DATA, pdf=False).output
    assert "| Anette Scheibe Lorentzi, Vice VD | 2023-10-26 |" in text


def test_date_styles_are_set_per_place(tmp_path: Path, tree: Path, write: WriteFile) -> None:
    long_remiss(tree, write, companies=2)
    settings = "  stance_line: true\n  dates:\n    text: iso\n    attest: lång\n"
    set_document(write, tree, RESPONDENT, settings)
    text = render("remiss", "render", "ks-2024-9", "--data", tree, pdf=False).output
    assert "| Test Testsson, VD | 2 maj 2024 |" in text
    assert "Besvarad 2024-04-02." in text
    _, reader = pdf_of(tmp_path, "remiss", "render", "ks-2024-9", "--data", tree)
    first = pages_of(reader)[0]
    assert first.startswith("Remissvar KS 2024/9 2024-05-02"), first[:60]
    # Without an answer date the header has the date asked for, in the city's style.
    set_document(write, tree, CITY, "  dates:\n    text: iso\n")
    undated = (tree / REMISS).read_text(encoding="utf-8").replace("answered: 2024-05-02\n", "")
    write(REMISS, undated)
    write(RESPONDENT, (tree / RESPONDENT).read_text(encoding="utf-8").split("document:")[0])
    _, reader = pdf_of(tmp_path, "remiss", "render", "ks-2024-9", "--data", tree)
    assert pages_of(reader)[0].startswith("Remissvar KS 2024/9 2024-06-30")  # the date asked for


def test_a_wrong_date_style_is_an_error_at_its_line(tree: Path, write: WriteFile) -> None:
    set_document(write, tree, RESPONDENT, "  dates:\n    attest: kort\n")
    result = run_cli("validate", "--data", tree)
    assert result.exit_code == 1
    lines = (tree / RESPONDENT).read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "attest: kort" in text)
    assert re.search(rf"teststad-stadshus-ab\.yaml:{line}:\d+: error", result.output), result.output
    assert "lång" in result.output and "iso" in result.output


# Fonts


def test_the_organisations_font_from_font_path(tmp_path: Path) -> None:
    fonts = tmp_path / "typsnitt"
    invented_font(fonts)
    first, reader = pdf_of(
        tmp_path, "remiss", "render", "ks-2023-740", "--data", DATA, "--font-path", fonts
    )
    assert "PahittadSans-Regular" in font_names(reader)
    checked = subprocess.run(
        [str(Path(sys.executable).with_name("pdfua")), "check", str(tmp_path / "dokument.pdf")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0 and "result: PASS" in checked.stdout, checked.stdout
    again, _ = pdf_of(
        tmp_path, "remiss", "render", "ks-2023-740", "--data", DATA, "--font-path", fonts
    )
    assert again == first  # the same font files: the same bytes


def test_the_font_setting_chooses_among_the_font_folders(
    tmp_path: Path, tree: Path, write: WriteFile
) -> None:
    fonts = tmp_path / "typsnitt"
    invented_font(fonts)
    invented_font(fonts, "Annan Påhittad", "AnnanPahittad-Regular")
    several = render(
        "remiss", "render", "ks-2024-9", "--data", tree, "--font-path", fonts, "-o", "-"
    )
    assert several.exit_code == 2
    assert "flera typsnitt" in several.output and "Annan Påhittad" in several.output
    set_document(write, tree, CITY, f"  font: {INVENTED_FAMILY}\n")
    _, reader = pdf_of(
        tmp_path, "remiss", "render", "ks-2024-9", "--data", tree, "--font-path", fonts
    )
    assert "PahittadSans-Regular" in font_names(reader)
    _, reader = pdf_of(
        tmp_path,
        *("remiss", "render", "ks-2024-9", "--data", tree, "--font-path", fonts),
        *("--font", "Annan Påhittad"),
    )
    assert "AnnanPahittad-Regular" in font_names(reader)


def test_a_font_that_is_not_there_is_a_clear_error(
    tmp_path: Path, tree: Path, write: WriteFile
) -> None:
    set_document(write, tree, RESPONDENT, "  font: Arial\n")
    result = render("remiss", "render", "ks-2024-9", "--data", tree, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert "typsnittet 'Arial' finns inte" in result.output
    assert "--font-path KATALOG" in result.output
    assert not (tmp_path / "x.pdf").exists()
    missing = render("report", "--data", DATA, "--font-path", tmp_path / "nej", "-o", "-")
    assert missing.exit_code == 2
    assert "typsnittskatalogen" in missing.output and "finns inte" in missing.output
    font_file = invented_font(tmp_path / "typsnitt")
    a_file = render("report", "--data", DATA, "--font-path", font_file, "-o", "-")
    assert a_file.exit_code == 2
    assert "är en fil; ange katalogen" in a_file.output


def test_a_user_template_asking_for_a_missing_font_is_an_error(tmp_path: Path) -> None:
    templates = tmp_path / "mallar"
    templates.mkdir()
    (templates / "areas.typ.j2").write_text(
        '#set document(title: "T")\n#set text(lang: "sv", font: "Comic Sans MS")\n= Rubrik\n',
        encoding="utf-8",
    )
    result = render(
        "report", "areas", "--data", DATA, "--templates", templates, "-o", tmp_path / "x.pdf"
    )
    assert result.exit_code == 2
    assert "typsnittet 'Comic Sans MS' finns inte" in result.output


def test_a_record_cannot_name_a_font_file(tmp_path: Path, tree: Path, write: WriteFile) -> None:
    """A family name picks among the fonts in --font-path and Typst's own; it is never a path."""
    set_document(
        write, tree, RESPONDENT, '  font: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"\n'
    )
    result = render("remiss", "render", "ks-2024-9", "--data", tree, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert "finns inte" in result.output
