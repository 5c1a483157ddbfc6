"""Output formats for diagnostics: text for people, json for programs, and the formats CI
services read (GitHub Actions annotations, GitLab Code Quality, SARIF 2.1.0 for GitHub code
scanning), whose paths are relative to the repository root."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path, PurePath
from urllib.parse import quote

from samverkan_cli import __version__
from samverkan_cli.diagnostics import Code, Diagnostic, Severity, ValidationResult
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


def one_line(text: str) -> str:
    """Text on one line of its own: a line break or control character in a file name or a
    message is written as an escape (`\\n`, `\\x1b`), so no diagnostic can start a line
    (`::error` in CI) or move the terminal's cursor."""
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(lambda found: found.group().encode("unicode_escape").decode(), text)


def repository_path(path: str, root: Path | None, cwd: Path | None = None) -> str:
    """`path` (as the diagnostics name it: relative to the working directory, or absolute)
    relative to the repository root `root`, with forward slashes: what CI services match
    against the files of a change. Outside `root`, or with no repository, the path as it is."""
    if root is None:
        return PurePath(path).as_posix()
    absolute = Path(os.path.normpath(Path(cwd or Path.cwd()) / path))
    # the folders through their links, as git names the root; the file's own name as it is
    placed = Path(os.path.realpath(absolute.parent)) / absolute.name
    try:
        return placed.relative_to(os.path.realpath(root)).as_posix()
    except ValueError:
        return PurePath(path).as_posix()


def as_text(result: ValidationResult, root: Path | None = None) -> str:
    lines = [
        f"{one_line(d.path)}:{d.line}:{d.column}: {d.severity.value}[{d.code}]:"
        f" {one_line(d.message)}"
        for d in result.diagnostics
    ]
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def as_json(result: ValidationResult, root: Path | None = None) -> str:
    """The documented shape: see README, "Utdata i JSON"."""
    document = {
        "files": result.files,
        "errors": result.errors,
        "warnings": result.warnings,
        "diagnostics": [diagnostic.to_dict() for diagnostic in result.diagnostics],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    # `##[` is escaped too: the runner looks for the older form of command anywhere in a line.
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return escaped.replace("##[", "##\u200b[")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(result: ValidationResult, root: Path | None = None) -> str:
    """GitHub Actions workflow commands: each problem lands on its line in the pull request."""
    lines = []
    for d in result.diagnostics:
        properties = ",".join(
            f"{key}={_escape_property(str(value))}"
            for key, value in (
                ("file", repository_path(d.path, root)),
                ("line", d.line),
                ("col", d.column),
                ("title", f"samverkan {d.code}"),
            )
        )
        lines.append(f"::{d.severity.value} {properties}::{_escape_data(d.message)}")
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def _fingerprints(diagnostics: list[Diagnostic], paths: list[str]) -> list[str]:
    """For each diagnostic a hash of its code, path and message (not its line, so that an edit
    above it keeps it the same problem), and of how many identical ones come before it."""
    from hashlib import sha256  # only here: the text of a kept result is printed without it

    seen: dict[tuple[str, str, str], int] = {}
    prints = []
    for diagnostic, path in zip(diagnostics, paths, strict=True):
        key = (diagnostic.code, path, diagnostic.message)
        seen[key] = seen.get(key, 0) + 1
        text = "\0".join((*key, str(seen[key])))
        prints.append(sha256(text.encode("utf-8")).hexdigest())
    return prints


_GITLAB_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor"}
"""Code Quality's scale is info, minor, major, critical, blocker: an error stops the merge
request's check, a warning does not."""


def as_gitlab(result: ValidationResult, root: Path | None = None) -> str:
    """GitLab Code Quality (a Code Climate subset): each problem in the merge request's
    widget and on its line in the diff."""
    paths = [repository_path(d.path, root) for d in result.diagnostics]
    issues = [
        {
            "type": "issue",
            "check_name": d.code,
            "description": d.message,
            "categories": ["Bug Risk"],
            "severity": _GITLAB_SEVERITIES[d.severity],
            "fingerprint": fingerprint,
            "location": {
                "path": path,
                "positions": {"begin": {"line": d.line, "column": d.column}},
            },
        }
        for d, path, fingerprint in zip(
            result.diagnostics, paths, _fingerprints(result.diagnostics, paths), strict=True
        )
    ]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)


def as_sarif(result: ValidationResult, root: Path | None = None) -> str:
    """SARIF 2.1.0, which GitHub code scanning reads: one run, a rule for every diagnostic
    code, a result for each problem with its place relative to the repository root."""
    codes = list(Code)
    index = {code: number for number, code in enumerate(codes)}
    paths = [repository_path(d.path, root) for d in result.diagnostics]
    rules = [
        {
            "id": code.value,
            "name": code.name.title().replace("_", ""),
            "shortDescription": {"text": code.meaning},
            "defaultConfiguration": {"level": code.severity.value},
            "properties": {"tags": ["samverkan"]},
        }
        for code in codes
    ]
    results = [
        {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": d.severity.value,
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": quote(path, safe="/"),
                            **({"uriBaseId": "%SRCROOT%"} if root is not None else {}),
                        },
                        "region": {"startLine": d.line, "startColumn": d.column},
                    }
                }
            ],
            "partialFingerprints": {"samverkan/v1": fingerprint},
        }
        for d, path, fingerprint in zip(
            result.diagnostics, paths, _fingerprints(result.diagnostics, paths), strict=True
        )
    ]
    run: dict[str, object] = {
        "tool": {
            "driver": {
                "name": "samverkan",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Callable[[ValidationResult, Path | None], str]] = {
    "text": as_text,
    "json": as_json,
    "github": as_github,
    "gitlab": as_gitlab,
    "sarif": as_sarif,
}
