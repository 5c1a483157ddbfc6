"""Output formats for diagnostics: text for people, json for programs."""

from __future__ import annotations

import json
from collections.abc import Callable

from samverkan_cli.swedish import plural
from samverkan_cli.validation import ValidationResult


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


FORMATS: dict[str, Callable[[ValidationResult], str]] = {"text": as_text, "json": as_json}
