"""The form of a record id, and the id a Swedish name gives (`Lidingö` → `lidingo`)."""

from __future__ import annotations

import re
import unicodedata

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Lower-case a–z, digits and single hyphens between them: safe in a path and a URL."""

_ID = re.compile(ID_PATTERN)
_NOT_ID = re.compile(r"[^a-z0-9]+")
_SPELLED = {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ð": "d", "þ": "th", "ł": "l", "đ": "d"}


def is_id(text: str) -> bool:
    """Whether `text` has the form of an id."""
    return _ID.match(text) is not None


def id_from_name(name: str) -> str:
    """The id a name gives: letters without their marks (å ä → a, ö é → o e), lower case,
    every run of other characters one hyphen. Empty when the name has no letter or digit a–z."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(_SPELLED.get(c, c) for c in text if not unicodedata.combining(c))
    return _NOT_ID.sub("-", text).strip("-")
