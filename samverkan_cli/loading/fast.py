"""The fast path: yaml-rs (Rust) reads a file straight to Python objects, without positions.

It is used only for a file that then passes its schema, and only where yaml-rs is known to
mean exactly what the careful path (ruamel.yaml's YAML 1.2, with positions) means; any file
with a problem is read again the careful way, so every error keeps its line and column.
Measured gaps in yaml-rs 0.1.6 that the guard sends to the careful path: it drops everything
after a NUL byte (any control character), ignores unknown tags (any `!`), reads a quoted date
as a date, expands aliases (any anchor or alias), reads an impossible date as text, accepts a
tab where ruamel.yaml does not, and reads `_0` as a number (digits next to `_`).
tests/test_fast_path.py checks that both paths agree on generated records and hostile bytes.
"""

from __future__ import annotations

import calendar
import re
from typing import Any

from samverkan_cli.limits import Limits

yaml_rs: Any
try:
    import yaml_rs
except ImportError:  # pragma: no cover - the careful path alone is correct, only slower
    yaml_rs = None

AVAILABLE = yaml_rs is not None

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[\]{},])[&*]\S", re.MULTILINE)
_DIGIT_UNDERSCORE = re.compile(r"\d_|_\d")
_QUOTED_DATE = re.compile(r"['\"]\d{4}-\d")
_MARKER = re.compile(r"^(?:%|---|\.\.\.)", re.MULTILINE)
# Only dates whose month is not 01–12 or whose day is 00 or above 28 can be impossible.
_SUSPECT_DATE = re.compile(
    r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d])(?<=-(?:00|29|3\d|[4-9]\d))"
    r"|(?<![\d-])(\d{4})-(00|1[3-9]|[2-9]\d)-(\d{2})(?![\d])"
)


def _impossible_date(text: str) -> bool:
    for match in _SUSPECT_DATE.finditer(text):
        year, month, day = (int(part) for part in match.groups() if part is not None)
        if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
            return True
    return False


def needs_care(text: str) -> bool:
    """True when the text holds anything the fast path might read differently."""
    return bool(
        "!" in text
        or "\t" in text
        or _CONTROL.search(text)
        or ("_" in text and _DIGIT_UNDERSCORE.search(text))
        or (("&" in text or "*" in text) and _ANCHOR_OR_ALIAS.search(text))
        or (("'" in text or '"' in text) and _QUOTED_DATE.search(text))
        or (("%" in text or "---" in text or "..." in text) and _MARKER.search(text))
        or _impossible_date(text)
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
