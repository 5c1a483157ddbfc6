"""The table of characters the PDF's fonts show is Typst's own truth, and a character outside
it is a warning at its place in `validate`, not a surprise in the PDF."""

from __future__ import annotations

import random
import unicodedata
from importlib import metadata
from pathlib import Path

import pytest
from conftest import run_cli

from samverkan_cli.support.font_coverage import RANGES, TYPST_VERSION
from samverkan_cli.support.glyphs import needs_glyph, shown

PROMISE = Path("promises/centrum/centrum-2022.yaml")


def _renders(typst: object, root: Path, text: str) -> bool:
    main = root / "main.typ"
    main.write_text(
        '#set document(title: "t")\n#set text(lang: "sv", font: "Libertinus Serif")\n' + text,
        encoding="utf-8",
    )
    try:
        typst.compile(  # type: ignore[attr-defined]
            str(main),
            root=str(root),
            format="pdf",
            pdf_standards=["a-2a", "ua-1"],
            ignore_system_fonts=True,
        )
    except Exception as error:
        assert "could not be displayed" in str(error), error
        return False
    return True


def test_the_table_is_of_the_installed_typst() -> None:
    assert metadata.version("typst") == TYPST_VERSION, (
        "typst har uppgraderats: kör `python tools/font_coverage.py` så att tabellen över"
        " typsnittens tecken gäller den nya versionen"
    )


def test_typst_shows_exactly_the_characters_the_table_says(tmp_path: Path) -> None:
    """Both sides of every edge of the table, and a sample of the rest of Unicode."""
    typst = pytest.importorskip("typst")
    points = {p for low, high in RANGES for p in (low - 1, low, high, high + 1)}
    points |= set(random.Random(17).sample(range(0x100, 0x30000), 150))
    points |= {0x4E2D, 0xD55C, 0x0E44, 0x1F600, 0x2013, 0x20AC, 0x0394}  # 中 한 ไ 😀 – € Δ
    characters = [
        chr(p)
        for p in sorted(points)
        if 0 < p < 0x110000
        and not 0xD800 <= p < 0xE000
        and needs_glyph(chr(p))
        and unicodedata.category(chr(p)) != "Cn"
        and chr(p) not in "\\#*_`$<>@[]{}"
    ]
    covered = [c for c in characters if shown(c)]
    lacking = [c for c in characters if not shown(c)]
    assert covered and lacking
    assert _renders(typst, tmp_path, " ".join(covered))
    wrong = [f"U+{ord(c):04X}" for c in lacking if _renders(typst, tmp_path, f"x{c}x")]
    assert not wrong, f"tabellen saknar tecken som Typst visar: {wrong}"


def test_a_character_the_fonts_lack_is_a_warning_at_its_place(tree: Path) -> None:
    path = tree / PROMISE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines.insert(at, 'summary: "Möte med Wang 王 och \\u0E44"\n')
    path.write_text("".join(lines), encoding="utf-8")
    result = run_cli("validate", "--data", tree, "--format", "json")
    assert result.exit_code == 0, result.output  # a warning, not an error
    import json

    found = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "no-glyph"]
    assert len(found) == 1, found
    assert found[0]["line"] == at + 1
    assert "王" in found[0]["message"] and "U+738B" in found[0]["message"]


def test_swedish_and_the_usual_punctuation_give_no_warning(tree: Path) -> None:
    path = tree / PROMISE
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "title:", 'summary: "Åtgärder – ”trygghet” … 1 234,5 € • Δ ½ é ü"\ntitle:', 1
    )
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", "--data", tree, "--format", "json")
    assert result.exit_code == 0, result.output
    assert "no-glyph" not in result.stdout
