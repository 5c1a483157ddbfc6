"""The fast path: yaml-rs (Rust) reads a file straight to Python objects, without positions.

It is used only for a file that then passes its schema, and only where yaml-rs is known to
mean exactly what the careful path (ruamel.yaml's YAML 1.2, with positions) means; any file
with a problem is read again the careful way, so every error keeps its line and column.
Measured gaps in yaml-rs 0.1.6 that the guard sends to the careful path: it drops everything
after a NUL byte (any control character), ignores unknown tags (any `!`), reads a quoted date
as a date, expands aliases (any anchor or alias), reads an impossible date as text, accepts a
tab where ruamel.yaml does not, reads `_0` as a number (digits next to `_`), reads an empty
block scalar as "\\n", accepts `?0` in a flow mapping, reads `0X7E6` and `-.5e1` as numbers,
reads a date with a time but no seconds as a time, and keeps U+2028 and U+2029.
tests/test_fast_path.py checks that both paths agree on generated records and hostile bytes.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from typing import Any

from samverkan_cli.limits import Limits

yaml_rs: Any
try:
    import yaml_rs
except ImportError:  # pragma: no cover - the careful path alone is correct, only slower
    yaml_rs = None

AVAILABLE = yaml_rs is not None

# Cheap screens first (`in`, one simple pattern each); a spot they find is then judged on its
# own. Most records have only a `>-` block scalar to look at.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
# Numbers the two read differently (`0X7E6`, `-.5e1`), and a date with a time but no seconds.
_ODD_NUMBER = re.compile(r"(?:^|[\s\[{,:-])[-+]?(?:0[XBOxbo]|\.\d)", re.MULTILINE)
_DATE_AND_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ \tTt]+[0-9]")
_QUOTED_DATE = re.compile("['\"][0-9][0-9][0-9][0-9]-")
_BLOCK = re.compile(r"[|>][-+1-9]{0,2}[ \t]*(?:#[^\n]*)?(?:\n|$)")
_MARKER = re.compile(r"^(?:%|---|\.\.\.)", re.MULTILINE)
# Starts at the `-` (a literal the engine finds fast): a day 00 or above 28, or no such month.
_SUSPECT_DATE = re.compile(
    r"-(?:(?<=\d{4}-\d\d-)(?:00|29|3\d|[4-9]\d)|(?<=\d{4}-)(?:00|1[3-9]|[2-9]\d)-\d\d)"
)
_NUMBER_TOKEN = re.compile(r"[-+]?[\d_.]*")


def _line_bounds(text: str, start: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    return line_start, len(text) if line_end < 0 else line_end


def _token_start(text: str, position: int) -> bool:
    return position == 0 or text[position - 1] in " \t\n[]{},:"


def _number_with_underscore(text: str, position: int) -> bool:
    """Is the `_` near `position` inside a number-like plain scalar (`1_000`, `_0`)?"""
    line_start, line_end = _line_bounds(text, position)
    start = position
    while start > line_start and text[start - 1] in "0123456789_.+-":
        start -= 1
    match = _NUMBER_TOKEN.match(text, start)
    end = match.end() if match else start
    return _token_start(text, start) and (end == line_end or text[end] in " \t]},#:")


def _empty_block_scalar(text: str, position: int) -> bool:
    """A block scalar (`|`, `>`) with no lines under it: yaml-rs reads "\\n", ruamel ""."""
    line_start, line_end = _line_bounds(text, position)
    if not _token_start(text, position) and text[position - 1] != "-":
        return False
    header = text[line_start:line_end]
    indent = len(header) - len(header.lstrip(" \t"))
    start = line_end + 1
    while start < len(text):
        end = text.find("\n", start)
        line = text[start : len(text) if end < 0 else end]
        if line.strip():
            return len(line) - len(line.lstrip(" \t")) <= indent
        if end < 0:
            break
        start = end + 1
    return True


def _date_around(text: str, dash: int) -> str:
    """The YYYY-MM-DD a suspect `-` belongs to (it is the first or the second dash)."""
    start = dash - 7 if text[dash - 3] == "-" else dash - 4
    return text[start : start + 10]


def _impossible(date_text: str) -> bool:
    year, month, day = int(date_text[:4]), int(date_text[5:7]), int(date_text[8:10])
    if not 1 <= month <= 12 or day < 1:
        return True
    return day > 28 and day > calendar.monthrange(year, month)[1]


def _occurrences(text: str, char: str) -> Iterator[int]:
    """Positions of a character: str.find is far quicker than a regex for rare characters."""
    position = text.find(char)
    while position >= 0:
        yield position
        position = text.find(char, position + 1)


def _judged(text: str, char: str, judge: Callable[[int], bool]) -> bool:
    return any(judge(position) for position in _occurrences(text, char))


def _digit_beside(text: str, position: int) -> bool:
    before = text[position - 1 : position]
    return before.isdigit() or text[position + 1 : position + 2].isdigit()


def _indicator(text: str, position: int) -> bool:
    after = text[position + 1 : position + 2]
    return after not in ("", " ", "\t", "\n", "\r") and _token_start(text, position)


def _block_header(text: str, position: int) -> bool:
    return _BLOCK.match(text, position) is not None and _empty_block_scalar(text, position)


def needs_care(text: str) -> bool:
    """True when the text holds anything the fast path might read differently."""
    if "!" in text or "\t" in text or _CONTROL.search(text):
        return True
    if not text.endswith("\n") and ("|" in text or ">" in text):
        return True  # a block scalar at the very end: the two differ on its last line break
    if ("'" in text or '"' in text) and _QUOTED_DATE.search(text):
        return True
    if _ODD_NUMBER.search(text) or _DATE_AND_TIME.search(text):
        return True
    if ("%" in text or "---" in text or "..." in text) and _MARKER.search(text):
        return True
    if any(_impossible(_date_around(text, m.start())) for m in _SUSPECT_DATE.finditer(text)):
        return True
    return (
        _judged(
            text,
            "_",
            lambda at: _digit_beside(text, at) and _number_with_underscore(text, at),
        )
        or any(_judged(text, char, lambda at: _indicator(text, at)) for char in "&*?")
        or any(_judged(text, char, lambda at: _block_header(text, at)) for char in "|>")
    )


# No record model nests deeper than this; with a lower --max-depth only the careful path,
# which counts, can say whether a file passes.
MODEL_DEPTH = 16


def within_limits(text: str, limits: Limits) -> bool:
    """True when the file cannot break the limits: a node takes at least two characters."""
    return limits.max_depth >= MODEL_DEPTH and len(text) <= 2 * limits.max_nodes


def fast_load(text: str, limits: Limits) -> Any | None:
    """The data of a file by the fast path, or None: then the careful path must read it."""
    if yaml_rs is None or not within_limits(text, limits) or needs_care(text):
        return None
    try:
        return yaml_rs.loads(text)
    except Exception:
        return None
