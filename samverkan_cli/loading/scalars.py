"""YAML 1.2 scalars, read exactly as ruamel.yaml reads them (`NO` is a string, `010` is ten).

The implicit-resolver table is ruamel.yaml's own, so the two cannot drift apart.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import cast

from ruamel.yaml.resolver import implicit_resolvers
from ruamel.yaml.util import create_timestamp, timestamp_regexp

from samverkan_cli.records.dates import PartialDate

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"

Scalar = str | int | float | bool | None | datetime.date


def _resolvers_by_first_character() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """ruamel only tries a pattern on text starting with one of the pattern's first
    characters ("" for the empty scalar), so `_1` stays a string; index them that way."""
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for versions, tag, lazy_pattern, first_characters in implicit_resolvers:
        if (1, 2) not in versions or tag not in {INT, FLOAT, BOOL, NULL, TIMESTAMP}:
            continue
        pattern = cast("re.Pattern[str]", lazy_pattern)
        compiled = re.compile(pattern.pattern, pattern.flags)
        for first in first_characters:
            table.setdefault(first, []).append((tag, compiled))
    return table


_RESOLVERS = _resolvers_by_first_character()


class ScalarError(ValueError):
    """A scalar whose tag says one type and whose text says another."""


class DateError(ScalarError):
    """A scalar that is meant as a date and is none (`2019-02-30`)."""


def implicit_tag(text: str) -> str:
    """The tag a plain (unquoted, untagged) scalar resolves to under YAML 1.2."""
    for tag, pattern in _RESOLVERS.get(text[:1], ()):
        if pattern.match(text):
            return tag
    return STR


def _to_int(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits)


def _to_float(text: str) -> float:
    lowered = text.replace("_", "").lower()
    sign = -1.0 if lowered.startswith("-") else 1.0
    lowered = lowered.lstrip("+-")
    if lowered == ".inf":
        return sign * float("inf")
    if lowered == ".nan":
        return float("nan")
    return sign * float(lowered)


def _to_bool(text: str) -> bool:
    return text.lower() == "true"


def _to_null(text: str) -> None:
    return None


def _to_timestamp(text: str) -> datetime.date:
    match = timestamp_regexp.match(text)
    if match is None:
        raise DateError(f"'{text}' är inget datum")
    groups = match.groupdict()
    try:
        PartialDate(int(groups["year"]), int(groups["month"]), int(groups["day"]))
    except ValueError as error:
        raise DateError(f"ogiltigt datum '{text}': {error}") from None
    try:
        value: datetime.date = create_timestamp(**groups)
    except ValueError as error:
        raise ScalarError(f"ogiltig tidpunkt '{text}': {error}") from None
    return value


_CONSTRUCTORS: dict[str, Callable[[str], Scalar]] = {
    STR: str,
    INT: _to_int,
    FLOAT: _to_float,
    BOOL: _to_bool,
    NULL: _to_null,
    TIMESTAMP: _to_timestamp,
}
SCALAR_TAGS = frozenset(_CONSTRUCTORS)


def construct(text: str, tag: str) -> Scalar:
    """The value of a scalar with a resolved or explicit tag (one of SCALAR_TAGS)."""
    if (
        tag != STR
        and tag != implicit_tag(text)
        and not (tag == FLOAT and implicit_tag(text) == INT)
    ):
        raise ScalarError(f"'{text}' kan inte läsas som {tag.rsplit(':', 1)[-1]}")
    return _build(tag, text)


def _build(tag: str, text: str) -> Scalar:
    try:
        return _CONSTRUCTORS[tag](text)
    except ValueError as error:
        if isinstance(error, ScalarError):
            raise
        # The pattern admits some text no number can be made of (`._`); ruamel.yaml fails too.
        shown = text if len(text) <= 40 else f"{text[:40]}…"
        raise ScalarError(
            f"'{shown}' ser ut som ett tal men kan inte läsas som ett; sätt det inom citattecken"
        ) from None


def plain(text: str) -> Scalar:
    """The value of a plain scalar."""
    return _build(implicit_tag(text), text)
