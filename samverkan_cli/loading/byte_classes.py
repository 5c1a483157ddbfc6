"""The class of each byte of a text, for screens that look for characters of a kind.

Several screens look for a control character, a run of digits or a run of indentation and
indicators. A regex that starts with a character class tries every position of the text, at
0.1-0.2 s for 10 000 files; bytes.translate maps every byte to its class at memory speed
(0.02 s), after which each such screen is a substring search in one translated copy. ASCII
characters are single bytes in UTF-8 and no other character's bytes are ASCII, so a run of
classes is a run of those characters.
"""

from __future__ import annotations

CONTROL = b"\0"
"""A C0 control character other than tab, LF and CR, or DEL."""
DIGIT = b"d"
"""An ASCII digit."""
NESTING = b"x"
"""A space or one of `?:-`: block nesting is a run of these."""
C1_LEAD = b"c"
"""0xC2, the first byte of U+0080-U+00BF (among them the C1 control characters)."""
OTHER = b"."

_table = bytearray(OTHER * 256)
for _byte in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F):
    _table[_byte] = CONTROL[0]
for _byte in b"0123456789":
    _table[_byte] = DIGIT[0]
for _byte in b" ?:-":
    _table[_byte] = NESTING[0]
_table[0xC2] = C1_LEAD[0]
_TABLE = bytes(_table)


def byte_classes(text: str) -> bytes:
    """The class of each byte of the text in UTF-8."""
    return text.encode("utf-8", "surrogatepass").translate(_TABLE)
