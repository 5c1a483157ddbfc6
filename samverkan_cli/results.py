"""What the API's commands return, beside records and diagnostics: plain values, one class
each. They live apart from api.py so that importing the API (the quick `validate`, `--help`)
builds none of them; api.py hands them out by name."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from samverkan_cli.checks.activity_rows import RowProblem
    from samverkan_cli.checks.completeness import Completeness
    from samverkan_cli.diagnostics import Diagnostic
    from samverkan_cli.diff.records import DatasetDiff
    from samverkan_cli.diff.revisions import RevisionDiff
    from samverkan_cli.records.models import Remiss, Revision
    from samverkan_cli.records.writer import RecordEdit
    from samverkan_cli.status.remiss import ReferralStatus


@dataclass(frozen=True)
class RevisionChanges:
    diff: RevisionDiff
    title: str
    completeness: Completeness
    revisions: list[Revision]
    """All the agreement's revisions, oldest first."""
    access: str = ""
    """`INTERNAL_NOTICE` where internal revisions are shown (--include-internal)."""

    @property
    def load_errors(self) -> int:
        return self.completeness.errors


@dataclass(frozen=True)
class RemissStatus:
    as_of: datetime.date
    remisses: list[tuple[Remiss, list[ReferralStatus]]]
    completeness: Completeness
    access: str = ""
    """`INTERNAL_NOTICE` where an internal remiss is shown (--include-internal)."""

    @property
    def load_errors(self) -> int:
        return self.completeness.errors

    def to_dict(self) -> dict[str, object]:
        from samverkan_cli.status.remiss import remiss_status_dict

        found = remiss_status_dict(self.as_of, self.remisses)
        access = {"access": self.access} if self.access else {}
        return {"as_of": found["as_of"], **self.completeness.to_dict(), **access, **found}


@dataclass(frozen=True)
class RecordDiff:
    diff: DatasetDiff
    completeness: tuple[Completeness, Completeness]
    """Of the base and of the head."""

    @property
    def load_errors(self) -> tuple[int, int]:
        return (self.completeness[0].errors, self.completeness[1].errors)


@dataclass(frozen=True)
class Exported:
    content: bytes
    """The file: CSV (UTF-8 with BOM, `;`), XLSX or JSON."""
    rows: int
    access: str
    completeness: Completeness

    @property
    def load_errors(self) -> int:
        return self.completeness.errors


@dataclass(frozen=True)
class AddActivitiesResult:
    """What `add_activities` did: the file, the activities added and those skipped because
    the log already held them, the file's problems as it would be, and whether it was
    written (never when it would have an error, nor with `dry_run`)."""

    path: Path
    added: list[Mapping[str, object]]
    duplicates: list[Mapping[str, object]]
    diagnostics: list[Diagnostic]
    """The problems of the promise's file with the activities added (positions in `text`)."""
    written: bool
    before: str
    text: str
    """The file's text before and with the activities added."""

    @property
    def errors(self) -> int:
        return sum(1 for diagnostic in self.diagnostics if diagnostic.is_error)


@dataclass(frozen=True)
class Formatted:
    """What `format_records` found: the files given a new layout (or, with `check`, that
    would be), how many already had it, and the files that could not be read or written
    (`file:line:column: why`)."""

    changed: list[Path]
    unchanged: int
    problems: list[str]


@dataclass(frozen=True)
class TargetChoice:
    """A target an activity may count towards, with how it stands."""

    id: str
    title: str
    commitment: str
    progress: str
    """The status engine's sentence: '3 av 8 trygghetsvandringar; 4 väntade vid denna tid'."""
    status: str


@dataclass(frozen=True)
class LogChoices:
    """What `samverkan log` offers to choose from for one promise."""

    promise: str
    title: str
    path: Path
    targets: list[TargetChoice]
    """The targets activities count towards (count and milestone), in the promise's order."""
    organisations: dict[str, str]
    """Every organisation's id and name, the promise's issuers first."""
    first_day: datetime.date
    last_day: datetime.date


@dataclass(frozen=True)
class Imported:
    """What `import_activities` found and did."""

    rows: int
    """The rows of the sheet read as activities (empty rows not counted)."""
    added: dict[str, int]
    """How many activities each promise's log got (or would get, with `dry_run` or errors)."""
    duplicates: list[int]
    """The rows the log already held (or that an earlier row of the sheet holds): not added."""
    problems: list[RowProblem]
    """Every problem: in the sheet as `FILE:row:column`, in a promise file as `FILE:line:column`."""
    skipped: list[int]
    """The rows left out with `skip_invalid` because of a problem."""
    written: list[Path]
    """The promise files written: none when a row has a problem (unless `skip_invalid`)."""

    @property
    def errors(self) -> int:
        return sum(1 for problem in self.problems if problem.error)


@dataclass
class StagedRows:
    edits: list[RecordEdit]
    added: dict[str, int]
    duplicates: list[int]
    problems: list[RowProblem]
    refused: set[str]
    """The promises whose files had errors before the rows were added."""


@dataclass(frozen=True)
class NewRecord:
    """A record made by `new_record` or `next_promise`: its file, its text, the file's
    problems, and whether it was written (never with an error, nor with `dry_run`)."""

    path: Path
    text: str
    diagnostics: list[Diagnostic]
    written: bool

    @property
    def errors(self) -> int:
        return sum(1 for diagnostic in self.diagnostics if diagnostic.is_error)
