"""The fast path: yaml-rs (Rust) reads a file straight to Python objects, without positions.

It is used only for a file that then passes its schema, and only where yaml-rs is known to
mean exactly what the careful path (ruamel.yaml's YAML 1.2, with positions) means; any file
with a problem is read again the careful way, so every error keeps its line and column.
Measured gaps in yaml-rs 0.1.6 that the guard sends to the careful path: it drops everything
after a NUL byte (any control character), ignores unknown tags (any `!`), reads a quoted date
as a date, expands aliases (any anchor or alias), reads an impossible date as text, accepts a
tab where ruamel.yaml does not, reads `_0` as a number (digits next to `_`), reads an empty
block scalar as "\\n", accepts `?0` in a flow mapping, reads `0X7E6` and `-.5e1` as numbers,
reads a date with a time but no seconds as a time, keeps U+2028 and U+2029, and reads `:0`
as a value in a flow mapping.
tests/test_fast_path.py checks that both paths agree on generated records and hostile bytes.
"""

from __future__ import annotations

import calendar
import re
from typing import Any

from samverkan_cli.loading.byte_classes import C1_LEAD, CONTROL, NESTING, byte_classes
from samverkan_cli.loading.limits import Limits

yaml_rs: Any
try:
    import yaml_rs
except ImportError:  # pragma: no cover - the careful path alone is correct, only slower
    yaml_rs = None

AVAILABLE = yaml_rs is not None

# Every screen starts with a literal character, which the regex engine finds far faster than a
# class or an alternation (measured: 0.02 s against 0.3-0.9 s for 10 000 files); a spot a
# screen finds is then judged on its own. Most records have only `>-` block scalars to look at.
# Control characters: C0 (not tab, LF, CR) and DEL are found in the byte classes, C1 at
# its UTF-8 lead byte 0xC2; the rest are searched for as text.
_C1_CONTROL = re.compile("[\x80-\x9f]")
_WIDE_CONTROLS = ("\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff")
# Numbers the two read differently (`0X7E6`, `-.5e1`): found at the `0X` or the `.5`, then
# judged by the full pattern from up to two characters before (a sign, a separator).
_ODD_NUMBER_CORES = (re.compile("0[XBOxbo]"), re.compile(r"\.\d"))
_ODD_NUMBER = re.compile(r"(?:^|[\s\[{,:-])[-+]?(?:0[XBOxbo]|\.\d)", re.MULTILINE)
# A date with a time but no seconds, and a quoted date: found at a dash of the date.
_DATE_AND_TIME = re.compile(r"-(?<=[0-9]{4}-[0-9]{2}-)[0-9]{2}[ \tTt]+[0-9]")
_QUOTED_DATE = re.compile("-(?<=['\"][0-9]{4}-)")
# A block scalar header; only the indicator is consumed, so a `|` in its comment is seen too.
_BLOCKS = {
    char: re.compile(re.escape(char) + r"(?=[-+1-9]{0,2}[ \t]*(?:#[^\n]*)?(?:\n|$))")
    for char in "|>"
}
_INDENT = re.compile("[ \t]*")
_MARKERS = ("%", "---", "...")
# Starts at the `-`: a day 00 or above 28, or no such month.
_SUSPECT_DATE = re.compile(
    r"-(?:(?<=\d{4}-\d\d-)(?:00|29|3\d|[4-9]\d)|(?<=\d{4}-)(?:00|1[3-9]|[2-9]\d)-\d\d)"
)
_UNDERSCORE_BY_DIGIT = re.compile(r"_(?:(?<=\d_)|(?=\d))")
# An anchor or alias (yaml-rs expands aliases, so an alias bomb must never reach it), a complex
# key, and `:0` as a value in a flow mapping (yaml-rs reads it, ruamel.yaml refuses it).
_ANCHORS = tuple((char, re.compile(re.escape(char) + r"(?=[^ \t\n\r])")) for char in "&*")
_INDICATORS = (
    *_ANCHORS,
    *((char, re.compile(re.escape(char) + r"(?=[^ \t\n\r])")) for char in "?:"),
)
_NUMBER_TOKEN = re.compile(r"[-+]?[\d_.eE+-]*")  # exponents too: `1e3_1` is 1e+31 to yaml-rs


def _has_control(text: str, classes: bytes) -> bool:
    return (
        CONTROL in classes
        or (C1_LEAD in classes and _C1_CONTROL.search(text) is not None)
        or any(char in text for char in _WIDE_CONTROLS)
    )


def _line_bounds(text: str, start: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    return line_start, len(text) if line_end < 0 else line_end


def _token_start(text: str, position: int) -> bool:
    return position == 0 or text[position - 1] in " \t\n\r[]{},:"


def _underscore_in_number(text: str, position: int) -> bool:
    """Is the `_` near `position` inside a number-like plain scalar (`1_000`, `_0`)?"""
    line_start, line_end = _line_bounds(text, position)
    start = position
    while start > line_start and text[start - 1] in "0123456789_.+-eE":
        start -= 1
    match = _NUMBER_TOKEN.match(text, start)
    end = match.end() if match else start
    return _token_start(text, start) and (end == line_end or text[end] in " \t]},#:")


def _empty_block_scalar(text: str, position: int) -> bool:
    """A block scalar (`|`, `>`) with no lines under it: yaml-rs reads "\\n", ruamel ""."""
    if not _token_start(text, position) and text[position - 1] != "-":
        return False
    line_start, line_end = _line_bounds(text, position)
    indent = _end_of_indent(text, line_start) - line_start
    start = line_end + 1
    while start < len(text):
        end = text.find("\n", start)
        stop = len(text) if end < 0 else end
        content = _end_of_indent(text, start)
        # The first line that is not blank (blank: nothing but whitespace, as str.strip sees it)
        if content < stop and (not text[content].isspace() or text[content:stop].strip()):
            return content - start <= indent
        if end < 0:
            break
        start = end + 1
    return True


def _end_of_indent(text: str, start: int) -> int:
    found = _INDENT.match(text, start)
    return found.end() if found else start


def _date_around(text: str, dash: int) -> str:
    """The YYYY-MM-DD a suspect `-` belongs to (it is the first or the second dash)."""
    start = dash - 7 if text[dash - 3] == "-" else dash - 4
    return text[start : start + 10]


def _impossible(date_text: str) -> bool:
    year, month, day = int(date_text[:4]), int(date_text[5:7]), int(date_text[8:10])
    if not 1 <= month <= 12 or day < 1:
        return True
    return day > 28 and day > calendar.monthrange(year, month)[1]


def _odd_number(text: str) -> bool:
    return any(
        _ODD_NUMBER.search(text, max(0, core.start() - 2), core.start() + 2)
        for pattern in _ODD_NUMBER_CORES
        for core in pattern.finditer(text)
    )


def _has_marker(text: str) -> bool:
    """A directive or document marker (`%`, `---`, `...`) at the start of a line."""
    return (
        text.startswith(_MARKERS)
        or ("%" in text and "\n%" in text)  # a rare character is found far faster than `\n`
        or "\n---" in text
        or "\n..." in text
    )


def _number_with_underscore(text: str) -> bool:
    return any(
        _underscore_in_number(text, found.start()) for found in _UNDERSCORE_BY_DIGIT.finditer(text)
    )


def _indicator(text: str, patterns: tuple[tuple[str, re.Pattern[str]], ...] = _INDICATORS) -> bool:
    """An anchor, alias, complex key or colon (`&a`, `*a`, `?x`, `:x`) starting a token."""
    return any(
        _token_start(text, found.start())
        for char, pattern in patterns
        if char in text  # most of them are in no record, and `in` finds that fastest
        for found in pattern.finditer(text)
    )


def _empty_block(text: str) -> bool:
    return any(
        _empty_block_scalar(text, found.start())
        for char, pattern in _BLOCKS.items()
        if char in text
        for found in pattern.finditer(text)
    )


def needs_care(text: str, classes: bytes | None = None) -> bool:
    """True when the text holds anything the fast path might read differently; `classes` is
    `byte_classes(text)` where the caller has it already."""
    if classes is None:
        classes = byte_classes(text)
    if "!" in text or "\t" in text or _has_control(text, classes):
        return True
    if not text.endswith("\n") and ("|" in text or ">" in text):
        return True  # a block scalar at the very end: the two differ on its last line break
    return (
        _QUOTED_DATE.search(text) is not None
        or _DATE_AND_TIME.search(text) is not None
        or _odd_number(text)
        or _has_marker(text)
        or any(_impossible(_date_around(text, m.start())) for m in _SUSPECT_DATE.finditer(text))
        or _number_with_underscore(text)
        or _indicator(text)
        or _empty_block(text)
    )


# No record model nests deeper than this; with a lower --max-depth only the careful path,
# which counts, can say whether a file passes.
MODEL_DEPTH = 16


def within_limits(text: str, limits: Limits) -> bool:
    """True when the file cannot break the limits: a node takes at least two characters."""
    return limits.max_depth >= MODEL_DEPTH and len(text) <= 2 * limits.max_nodes


# yaml-rs overflows its stack (the process dies) on block nesting some 11 000 deep, which
# takes a run of indentation and indicators like `- - - …`; no record comes near 100.
_DEEP = re.compile(r" [ ?:-]{99}")
_DEEP_RUN = NESTING * 100  # a superset of _DEEP, which the pattern then judges
# A lone CR is a line break to YAML but not to the guards, which look for `\n`.
_LONE_CR = re.compile("\r(?!\n)")


def safe_to_try(text: str, limits: Limits, classes: bytes | None = None) -> bool:
    """True when yaml-rs may read the text at all: it cannot break the limits, nest deep
    enough to crash, or expand an alias. What it reads counts only if `needs_care` is False."""
    if yaml_rs is None or not within_limits(text, limits):
        return False
    if classes is None:
        classes = byte_classes(text)
    return (
        not (_DEEP_RUN in classes and _DEEP.search(text) is not None)
        and _LONE_CR.search(text) is None
        and not (("&" in text or "*" in text) and _indicator(text, _ANCHORS))
    )


def try_fast(text: str, limits: Limits, classes: bytes | None = None) -> Any | None:
    """yaml-rs's reading of a text that is safe to try, or None; not yet to be trusted."""
    if not safe_to_try(text, limits, classes):
        return None
    try:
        return yaml_rs.loads(text)
    except Exception:
        return None


def fast_load(text: str, limits: Limits) -> Any | None:
    """The data of a file by the fast path, or None: then the careful path must read it."""
    classes = byte_classes(text)
    return None if needs_care(text, classes) else try_fast(text, limits, classes)
