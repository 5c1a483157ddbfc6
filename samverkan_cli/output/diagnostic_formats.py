"""Output formats for diagnostics: text for people, json for programs."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from samverkan_cli.diagnostics import ValidationResult
from samverkan_cli.support.swedish import plural


def summary(result: ValidationResult) -> str:
    """ "12 filer, 2 fel, 1 varning"."""
    return ", ".join(
        (
            plural(result.files, "fil", "filer"),
            plural(result.errors, "fel", "fel"),
            plural(result.warnings, "varning", "varningar"),
        )
    )


_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


def _one_line(text: str) -> str:
    """Text on one line of its own: a line break or control character in a file name or a
    message is written as an escape (`\\n`, `\\x1b`), so no diagnostic can start a line
    (`::error` in CI) or move the terminal's cursor."""
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(lambda found: found.group().encode("unicode_escape").decode(), text)


def as_text(result: ValidationResult) -> str:
    lines = [
        f"{_one_line(d.path)}:{d.line}:{d.column}: {d.severity.value}[{d.code}]:"
        f" {_one_line(d.message)}"
        for d in result.diagnostics
    ]
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def as_json(result: ValidationResult) -> str:
    """The documented shape: see README, "Utdata i JSON"."""
    document = {
        "files": result.files,
        "errors": result.errors,
        "warnings": result.warnings,
        "diagnostics": [diagnostic.to_dict() for diagnostic in result.diagnostics],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(result: ValidationResult) -> str:
    """GitHub Actions workflow commands: each problem lands on its line in the pull request."""
    lines = []
    for d in result.diagnostics:
        properties = ",".join(
            f"{key}={_escape_property(str(value))}"
            for key, value in (
                ("file", d.path),
                ("line", d.line),
                ("col", d.column),
                ("title", f"samverkan {d.code}"),
            )
        )
        lines.append(f"::{d.severity.value} {properties}::{_escape_data(d.message)}")
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


FORMATS: dict[str, Callable[[ValidationResult], str]] = {
    "text": as_text,
    "json": as_json,
    "github": as_github,
}
