"""The one diagnostics type: every check returns these, every output format prints them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from samverkan_cli.checks.narrowing import TreeIndex


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def swedish(self) -> str:
        return "fel" if self is Severity.ERROR else "varning"


_E = Severity.ERROR
_W = Severity.WARNING


class Code(StrEnum):
    """The registry: every diagnostic code, defined once with its text, its severity and what
    it means (one line of Swedish, the README's table of codes). A diagnostic takes its
    severity from its code; only count-mismatch is also an error where it is stated so.

    The order is the README's: reading a file, its YAML, its record, the rules between
    records, then the warnings."""

    severity: Severity
    meaning: str

    def __new__(cls, value: str, severity: Severity, meaning: str) -> Code:
        member = str.__new__(cls, value)
        member._value_ = value
        member.severity = severity
        member.meaning = meaning
        return member

    UNREADABLE = "unreadable", _E, "filen kan inte läsas"
    FILE_TOO_LARGE = "file-too-large", _E, "filen är större än gränsen (`--max-file-size`)"
    ENCODING = "encoding", _E, "filen är inte giltig UTF-8"
    EMPTY_FILE = "empty-file", _E, "filen är tom"
    YAML_SYNTAX = "yaml-syntax", _E, "felaktig YAML"
    YAML_TAB = "yaml-tab", _E, "tabb i indrag"
    YAML_DUPLICATE_KEY = "yaml-duplicate-key", _E, "en nyckel som finns två gånger i en mappning"
    YAML_KEY_TYPE = (
        "yaml-key-type",
        _E,
        "en nyckel som läses som något annat än text (ett tal, datum, true, null)",
    )
    YAML_COMPLEX_KEY = "yaml-complex-key", _E, "en lista eller mappning som nyckel"
    YAML_SCALAR = "yaml-scalar", _E, "ett värde som inte kan läsas som sin typ (`!!int abc`)"
    YAML_TAG = "yaml-tag", _E, "en tagg som `!!python/object` (avvisas, skapas aldrig)"
    YAML_ALIAS = "yaml-alias", _E, "ett alias utan ankare före sig"
    YAML_TOO_DEEP = "yaml-too-deep", _E, "nästling djupare än gränsen (`--max-depth`)"
    YAML_TOO_LARGE = (
        "yaml-too-large",
        _E,
        "fler noder än gränsen med alias medräknade (`--max-nodes`), till exempel en aliasbomb",
    )
    YAML_MULTIPLE_DOCUMENTS = "yaml-multiple-documents", _E, "mer än ett YAML-dokument i filen"
    PERSONNUMMER = (
        "personnummer",
        _E,
        "något som ser ut som ett personnummer eller samordningsnummer",
    )
    NOT_A_MAPPING = (
        "not-a-mapping",
        _E,
        "posten är inte en mappning (nyckel: värde) på översta nivån",
    )
    UNKNOWN_KEY = "unknown-key", _E, "en nyckel som posttypen inte har"
    MISSING_KEY = "missing-key", _E, "en nyckel som måste finnas saknas"
    WRONG_TYPE = "wrong-type", _E, "ett värde av fel typ (text, tal, lista, mappning)"
    INVALID_VALUE = (
        "invalid-value",
        _E,
        "ett värde som inte är tillåtet: okänt, med fel form, för litet eller för stort",
    )
    INVALID_DATE = "invalid-date", _E, "ett omöjligt datum"
    CONTROL_CHARACTER = (
        "control-character",
        _E,
        "ett styrtecken (C0, C1 eller dubbelriktad text) i en text, rått eller som escape",
    )
    UNKNOWN_REFERENCE = "unknown-reference", _E, "en referens till något som inte finns"
    INVALID_REFERENCE = (
        "invalid-reference",
        _E,
        "en referens till något av fel slag (en aktivitet mot ett mål som inte räknas)",
    )
    DUPLICATE_ID = "duplicate-id", _E, "ett id som redan används"
    PATH_MISMATCH = "path-mismatch", _E, "postens id eller år stämmer inte med filens sökväg"
    DATE_OUTSIDE_YEAR = (
        "date-outside-year",
        _E,
        "en aktivitet daterad utanför medborgarlöftets år",
    )
    REGION_MISMATCH = (
        "region-mismatch",
        _E,
        "postens polisregion är inte dess lokalpolisområdes",
    )
    REMISS_REVISION_STATE = (
        "remiss-revision-state",
        _E,
        "en remiss av en revision som är ett utkast",
    )
    REMISS_ANSWER_ORDER = (
        "remiss-answer-order",
        _E,
        "en underremiss besvarad efter remissvaret som sammanfattar den",
    )
    DUPLICATE_ATTACHMENT = (
        "duplicate-attachment",
        _E,
        "en bilaga som redan hör till en annan underremiss",
    )
    UNKNOWN_PLACE = (
        "unknown-place",
        _E,
        "en .yaml-fil på en plats där ingen posttyp hör hemma (läses inte)",
    )
    COUNT_MISMATCH = (
        "count-mismatch",
        _W,
        "en lägesbilds antal stämmer inte med områdena i data (fel när de är fler än totalen)",
    )
    ATTACHMENT_MISMATCH = (
        "attachment-mismatch",
        _W,
        "en bilagas rubrik nämner inte underremissens organisation",
    )
    UNREAD_REFERENCE = (
        "unread-reference",
        _W,
        "en referens till en post som finns men inte kunde läsas (felet räknas i dess fil)",
    )
    MODELINE = (
        "modeline",
        _W,
        "raden överst som pekar ut schemat för editorn (`# yaml-language-server: $schema=…`)"
        " saknas eller pekar på fel schema",
    )
    UNKNOWN_FILE = (
        "unknown-file",
        _W,
        "en fil som inte läses: ändelsen .yml",
    )
    SYMLINK_SKIPPED = (
        "symlink-skipped",
        _W,
        "en symbolisk länk till en katalog, som inte följs",
    )
    SYMLINK_OUTSIDE = (
        "symlink-outside",
        _E,
        "en symbolisk länk som leder ut ur datakatalogen (det den pekar på läses inte)",
    )
    NOT_A_FILE = (
        "not-a-file",
        _W,
        "en namngiven pipe, en enhet eller en socket i datakatalogen, som inte öppnas",
    )
    NO_GLYPH = (
        "no-glyph",
        _W,
        "ett tecken som PDF:ens typsnitt saknar (det visas som □ i PDF:en)",
    )


def codes_table() -> str:
    """The README's table of codes (under "Fel och varningar"), from the registry."""
    rows = [f"| `{code}` | {code.severity.swedish} | {code.meaning} |" for code in Code]
    return "\n".join(["| kod | nivå | betydelse |", "|---|---|---|", *rows]) + "\n"


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """A problem at `path:line:column` (1-based; line 1, column 1 for a whole file)."""

    path: str
    line: int
    column: int
    severity: Severity
    code: Code
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, str | int]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """ "; menade du 'x'?" when a candidate is close to `word`, else ""."""
    import difflib  # only where a word is not known: most runs have none

    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; menade du '{matches[0]}'?" if matches else ""


def count_errors(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for diagnostic in diagnostics:
        if diagnostic.is_error:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


@dataclass(frozen=True)
class ValidationResult:
    """What `validate` found: how many files it reports on, and their problems."""

    files: int
    diagnostics: list[Diagnostic]
    index: TreeIndex | None = field(default=None, compare=False, repr=False)
    """For a whole tree's result, what narrowing it to a smaller request needs
    (checks/narrowing.py)."""

    @cached_property
    def errors(self) -> int:
        return count_errors(self.diagnostics)[0]

    @cached_property
    def warnings(self) -> int:
        return count_errors(self.diagnostics)[1]
