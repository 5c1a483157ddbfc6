"""Which characters the PDF can show: those of Typst's bundled fonts (font_coverage.py, read
from the fonts by tools/font_coverage.py). Anything else is shown as □."""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from samverkan_cli.support.font_coverage import RANGES
from samverkan_cli.support.parsed import Path, scalars

_STARTS = tuple(low for low, _ in RANGES)
_NO_GLYPH_NEEDED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Mc", "Me"})
"""Controls, format characters and spaces are not drawn; a combining mark is drawn with its
base letter, which is judged itself."""


def needs_glyph(character: str) -> bool:
    """Whether the character is drawn by a glyph of its own."""
    return unicodedata.category(character) not in _NO_GLYPH_NEEDED


@lru_cache(maxsize=4096)
def shown(character: str) -> bool:
    """Whether the bundled fonts show the character."""
    point = ord(character)
    index = bisect.bisect_right(_STARTS, point) - 1
    return (index >= 0 and point <= RANGES[index][1]) or not needs_glyph(character)


def first_not_shown(text: str) -> str | None:
    """The first character of the text that the bundled fonts lack, if any."""
    if text.isascii():
        return None
    for character in text:
        if character > "\xff" and not shown(character):
            return character
    return None


def not_shown_in_values(data: object) -> Iterator[tuple[Path, str]]:
    """(path, character) for each string in parsed YAML, key or value, holding a character
    the bundled fonts lack: the first such character of each."""
    for path, value in scalars(data):
        if isinstance(value, str):
            character = first_not_shown(value)
            if character is not None:
                yield path, character
