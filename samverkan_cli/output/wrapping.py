"""Terminal tables that wrap at word boundaries: a column is made at least as wide as its
longest word, so rich breaks lines between words ("Informationsinsa|tser" was the fault); only
a word wider than the table can give a column is split."""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

_WORD = re.compile(r"^[ \t]*\S+|\S+", re.MULTILINE)
"""A word, with the indent in front of a line's first word (rich keeps it with the word)."""

WIDEST_WORD_COLUMN = 30
"""No column is widened past this for a word: a longer one (a URL, say) is split instead."""


def _plain(cell: object) -> str | None:
    if isinstance(cell, Text):
        return cell.plain
    return cell if isinstance(cell, str) else None


def longest_word(texts: list[str]) -> int:
    """The cell width of the longest word (with its line's indent) in `texts`."""
    return max((cell_len(word) for text in texts for word in _WORD.findall(text)), default=0)


def words_kept_whole(table: Table) -> Table:
    """`table` with each wrapping column at least as wide as its longest word."""
    for column in table.columns:
        if column.no_wrap:
            continue
        texts = [text for cell in column.cells if (text := _plain(cell)) is not None]
        header = _plain(column.header)
        if header is not None:
            texts.append(header)
        widest = min(longest_word(texts), WIDEST_WORD_COLUMN)
        if column.ratio:
            # rich takes a ratio column's `width` as its least share of an expanded table
            column.width = max(column.width or 0, widest)
        else:
            column.min_width = max(column.min_width or 0, widest)
    return table
