"""The modeline: the comment at the top of a record file that tells yaml-language-server (the
YAML support in VS Code and other editors) which JSON Schema the file follows."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from samverkan_cli.records.models import KINDS, Kind

PREFIX = "# yaml-language-server: $schema="
SCHEMAS = "schemas"
"""The folder beside the data folder that holds the schemas (`samverkan init` writes it)."""

# As yaml-language-server reads it: a comment in the file's header (before the first key)
# that begins `# yaml-language-server:` or `# $schema:`, naming the schema after `$schema=`
# or `$schema:`.
_MODELINE = re.compile(r"#\s+(?:yaml-language-server\s*:|\$schema:)")
_TARGET = re.compile(r"\$schema(?:=|:[^\S\r\n]*)(\S+)")
_ABOVE = re.compile(r"(?:\.\./)+[^/]+/[^/]+")
"""A file in a folder above the data root."""


def schema_filename(kind: Kind) -> str:
    return f"{kind.name}.schema.json"


def modeline_for(kind: Kind) -> str:
    """The first line of a record file of this kind under the data folder, whose schemas lie
    in schemas/ beside it: `# yaml-language-server: $schema=../../schemas/area.schema.json`."""
    return modeline(kind.parts, kind, 1)


def modeline(parts: tuple[str, ...], kind: Kind, base: int) -> str:
    """The line that points an editor at the schema of a file at `parts` under a data root
    that lies `base` folders below the folder that holds schemas/."""
    up = "../" * (len(parts) - 1 + base)
    return f"{PREFIX}{up}{SCHEMAS}/{schema_filename(kind)}"


_SCHEMA_REFERENCE = re.compile(r"\$schema=((?:\.\./)*)schemas/")


def schemas_base(root: Path, parts: Sequence[tuple[str, ...]]) -> int:
    """How many folders the data root lies below the folder with schemas/: as its files'
    schema lines say (the first of `parts`, relative paths, that has one), else where a
    schemas/ folder is found above it, else 1: beside the data root, where `samverkan init`
    writes it and `validate` looks for it."""
    for relative in parts:
        try:
            with (root.joinpath(*relative)).open(encoding="utf-8") as handle:
                first = handle.readline(4096) + handle.readline(4096)
        except (OSError, UnicodeDecodeError):
            continue
        found = _SCHEMA_REFERENCE.search(first)
        if found:
            return found.group(1).count("../") - (len(relative) - 1)
    for depth, folder in enumerate([root.resolve(), *root.resolve().parents]):
        if any((folder / SCHEMAS / schema_filename(kind)).is_file() for kind in KINDS):
            return depth
    return 1


@dataclass(frozen=True, slots=True)
class Modeline:
    """Where a file's modeline is and the schema it names; line 0 where it has none."""

    line: int
    column: int
    target: str


NO_MODELINE = Modeline(0, 0, "")


def find_modeline(text: str) -> Modeline:
    """The modeline in the header of a record's text (the comments before its first key),
    as yaml-language-server finds it."""
    for number, line in enumerate(text.splitlines()[:200], start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        if _MODELINE.match(stripped):
            found = _TARGET.search(line)
            if found is not None:
                return Modeline(number, found.start(1) + 1, found.group(1))
    return NO_MODELINE


def modeline_problem(
    kind: Kind, parts: tuple[str, ...], found: Modeline
) -> tuple[int, int, str] | None:
    """(line, column, message) where a record file of `kind` at `parts` (relative to the data
    root) has no modeline, or one by which the editor would not find this kind's schema: a
    schemas/ folder above the data root (beside it, or higher up for a tree kept deeper, as
    the examples are), or an address on the web."""
    wanted = modeline_for(kind)
    if found.line == 0:
        return (
            1,
            1,
            "raden som pekar ut schemat för editorn saknas; skriv överst i filen"
            f" '{wanted}' (annars hjälper editorn inte till)",
        )
    target = found.target
    name = target.split("#", 1)[0].rsplit("/", 1)[-1]
    if name != schema_filename(kind):
        other = next((each for each in KINDS if schema_filename(each) == name), None)
        what = f"schemat för {other.title}" if other is not None else f"'{target}'"
        return (
            found.line,
            found.column,
            f"raden för editorn pekar på {what}, men filen är en post av typen {kind.title};"
            f" skriv '{wanted}'",
        )
    if "://" in target:
        return None
    folder = posixpath.dirname(posixpath.join(*parts))
    resolved = posixpath.normpath(posixpath.join(folder, target.split("#", 1)[0]))
    if not _ABOVE.fullmatch(resolved) or not resolved.endswith(f"{SCHEMAS}/{name}"):
        return (
            found.line,
            found.column,
            f"raden för editorn pekar på '{target}', men schemat ligger i schemas/ bredvid"
            f" datakatalogen; skriv '{wanted}'",
        )
    return None
