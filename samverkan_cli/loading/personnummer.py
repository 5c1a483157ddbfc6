"""The personnummer guard: nothing that looks like a Swedish personal identity number may
stand in a record, in a value or a comment, since records end up in public documents.

A personnummer is YYMMDD-NNNN or YYYYMMDDNNNN (separator `-`, `+` or none), the last digit a
Luhn check over the ten-digit form; a samordningsnummer adds 60 to the day. Each line is
scanned (values and comments), and each parsed string value too (`find_in_values`: after YAML
escapes and folding, NFKC-normalised). A line that holds a false positive is allowed by the
comment `# samverkan: allow-personnummer` on that line; the marker inside a value does not count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from samverkan_cli.loading.byte_classes import DIGIT, byte_classes
from samverkan_cli.support.parsed import scalars

ALLOW_MARKER = "samverkan: allow-personnummer"

# Every form holds six ASCII digits in a row (YYMMDD), and most files have no such run at all:
# a search in the byte classes finds out.
_SIX_DIGITS = DIGIT * 6
_CANDIDATE = re.compile(
    r"(?<![\d])(\d{2})?(\d{2})(\d{2})(\d{2})"
    r"( ?[-+./\u2010\u2011\u2012\u2013\u2212] ?| ?)(\d{4})(?![\d])"
)
# The marker counts only in a comment: after a `#` that starts the line or follows a space,
# outside quotes (approximated: an even number of each quote before it).
_MARKER_COMMENT = re.compile(r"(?:^|\s)#[^\n]*" + re.escape(ALLOW_MARKER))


def allowed(line: str) -> bool:
    """Does the line carry the allow marker in a comment (not inside a value)?"""
    for found in _MARKER_COMMENT.finditer(line):
        before = line[: found.start()]
        if before.count('"') % 2 == 0 and before.count("'") % 2 == 0:
            return True
    return False


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _looks_like_one(match: re.Match[str]) -> bool:
    century, year, month, day, _, serial = match.groups()
    if century is not None and century not in ("18", "19", "20"):
        return False
    if not 1 <= int(month) <= 12:
        return False
    day_number = int(day)
    if not (1 <= day_number <= 31 or 61 <= day_number <= 91):
        return False
    return luhn_valid(f"{year}{month}{day}{serial}")


def find_personnummer(text: str, classes: bytes | None = None) -> Iterator[tuple[int, int, str]]:
    """(line, column, kind) of every personnummer or samordningsnummer in the text (1-based);
    `classes` is `byte_classes(text)` where the caller has it."""
    if classes is None:
        classes = byte_classes(text)
    if _SIX_DIGITS not in classes:
        return  # the common case: one pass over the whole text, no line splitting
    for line_number, line in enumerate(text.splitlines(), start=1):
        if ALLOW_MARKER in line and allowed(line):
            continue
        for match in _CANDIDATE.finditer(line):
            if _looks_like_one(match):
                kind = "samordningsnummer" if int(match.group(4)) > 31 else "personnummer"
                yield line_number, match.start() + 1, kind


# What could hide a personnummer from the scan of raw lines: a backslash (a YAML escape, an
# escaped line break); a character outside ASCII but for the Latin-1 letters å, ä, ö, é …
# (full-width digits or dashes, a no-break space, superscript digits); or digits on both
# sides of a line break (a number folded across lines). Looked for in the UTF-8 bytes, each by
# itself: one pattern over the text with all of them costs ten times as much.
_NUMBER_FORM = re.compile(rb"0[xXoObB]|[0-9][_eE][-+0-9]")
"""A YAML number written in another form (hex, octal, binary, digits apart, an exponent): its
value has digits its text does not show."""
_MARKER_BYTES = ALLOW_MARKER.encode("ascii")
"""A marker may stand inside a block scalar or a quoted value, where a line's quotes cannot
tell: such a file's values are scanned, and a value holding the marker is never allowed."""
_HIGH_BYTES = bytes(range(0x80, 0x100))
_DIGITS_AS_NINE = bytes.maketrans(b"012345678", b"999999999")
_LINE_STARTS_WITH_DIGIT = re.compile(rb"[\r\n][ \t]*[-+]?[ \t]*9")


def may_disguise(raw: bytes) -> bool:
    """Could a personnummer in the parsed values of a file of these bytes escape
    `find_personnummer`?"""
    if b"\\" in raw or _NUMBER_FORM.search(raw) or _MARKER_BYTES in raw:
        return True
    high = len(raw) - len(raw.translate(None, _HIGH_BYTES))
    if high and high != 2 * raw.count(b"\xc3"):  # all but U+00C0–U+00FF (C3 xx)
        return True
    nines = raw.translate(_DIGITS_AS_NINE)  # one digit to look for: a far quicker search
    for found in _LINE_STARTS_WITH_DIGIT.finditer(nines):
        before = nines[max(0, found.start() - 16) : found.start()].rstrip(b"-+ \t\r\n")
        if before.endswith(b"9"):
            return True
    return False


def find_in_values(data: Any) -> Iterator[tuple[tuple[str | int, ...], str, bool]]:
    """(path, kind, holds the allow marker) of every key or value holding a personnummer once
    parsed: after YAML's escapes and folding, with digits, dashes and spaces normalised by NFKC
    (full-width digits, a no-break space) and invisible format characters (a soft hyphen, a
    zero-width space) left out."""
    for path, value in scalars(data):
        if isinstance(value, int | float) and not isinstance(value, bool):
            if not (abs(value) < 10**13 and float(value).is_integer()):
                continue
            value = str(int(value))  # 0x1fb0fe920 is 8507091232
        if not isinstance(value, str):
            continue
        text = " ".join(_normal(value).split())
        for match in _CANDIDATE.finditer(text):
            if _looks_like_one(match):
                kind = "samordningsnummer" if int(match.group(4)) > 31 else "personnummer"
                yield path, kind, ALLOW_MARKER in value
                break


def _normal(text: str) -> str:
    """Digits and separators as they read: NFKC, without format characters (category Cf)."""
    if text.isascii():
        return text
    return "".join(
        c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf"
    )


def in_name(name: str) -> bool:
    """Does a file or folder name hold a personnummer? A path is printed in every message and
    in the JSON outputs."""
    return any(_looks_like_one(found) for found in _CANDIDATE.finditer(_normal(name)))


def redact(text: str) -> str:
    """The text with anything that looks like a personnummer put as "[personnummer]": for the
    messages about a file that holds one, which may quote its values."""
    normal = _normal(text)

    def hide(match: re.Match[str]) -> str:
        return "[personnummer]" if _looks_like_one(match) else match.group(0)

    return _CANDIDATE.sub(hide, normal)
