"""Output formats for diagnostics: text for people, json for programs."""

from __future__ import annotations

import json
from collections.abc import Callable

from samverkan_cli.checks.validation import ValidationResult
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


def as_text(result: ValidationResult) -> str:
    lines = [
        f"{d.path}:{d.line}:{d.column}: {d.severity.value}[{d.code}]: {d.message}"
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
