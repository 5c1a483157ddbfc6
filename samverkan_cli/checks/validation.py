"""`validate` as a library call: load a data tree, run every check, keep what was asked for."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from samverkan_cli.checks import checks_within, run_checks
from samverkan_cli.checks.identity import Identity, duplicate_ids, identities
from samverkan_cli.diagnostics import Code, Diagnostic, count_errors
from samverkan_cli.loading.limits import DEFAULT_LIMITS, Limits
from samverkan_cli.loading.loader import file_ranks
from samverkan_cli.loading.reading import SourceFile
from samverkan_cli.records.dataset import Dataset
from samverkan_cli.speed.parts import Part, load_in_parts


@dataclass(frozen=True)
class ValidationResult:
    files: int
    diagnostics: list[Diagnostic]

    @cached_property
    def errors(self) -> int:
        return count_errors(self.diagnostics)[0]

    @cached_property
    def warnings(self) -> int:
        return count_errors(self.diagnostics)[1]


Parts = tuple[str, ...]
"""A path relative to the data root, as its parts; () is the whole root."""


def _selected(parts: Parts, only: Sequence[Parts]) -> bool:
    return any(parts[: len(wanted)] == wanted for wanted in only)


def validate_dataset(
    dataset: Dataset, load_diagnostics: list[Diagnostic], only: Sequence[Parts] | None = None
) -> ValidationResult:
    """Every problem in the dataset; with `only`, just those in the files under those paths
    (cross-references are still checked against the whole tree)."""
    diagnostics = [*load_diagnostics, *run_checks(dataset)]
    return _result(dataset.files, file_ranks(dataset.files), diagnostics, only)


def validate(
    root: Path,
    only: Sequence[Parts] | None = None,
    *,
    root_display: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ValidationResult:
    """Check every record under `root`; report on the files under `only` (all when None).
    A large tree is loaded and checked in two parts, one per process (loading/parts.py)."""
    loaded = load_in_parts(root, _check_part, root_display=root_display, limits=limits)
    found = sorted(
        (identity for part in loaded.results for identity in part.identities),
        key=lambda identity: loaded.ranks[identity.path],
    )
    files = {source.display: source for source in loaded.files}
    diagnostics = [diagnostic for part in loaded.results for diagnostic in part.diagnostics]
    diagnostics += duplicate_ids(found, files)
    return _result(loaded.files, loaded.ranks, diagnostics, only)


@dataclass(frozen=True)
class _PartChecks:
    diagnostics: list[Diagnostic]
    identities: list[Identity]
    """Of the records the part owns, for the one check across parts."""


def _check_part(part: Part) -> _PartChecks:
    problems = [diagnostic for diagnostic in checks_within(part.dataset) if part.keeps(diagnostic)]
    owned = [
        record
        for records in part.dataset.records.values()
        for record in records
        if part.owns(record)
    ]
    return _PartChecks([*part.diagnostics, *problems], identities(owned))


def _result(
    files: list[SourceFile],
    ranks: dict[str, int],
    diagnostics: list[Diagnostic],
    only: Sequence[Parts] | None,
) -> ValidationResult:
    # The reader and a model may both see one impossible date: say it once (the reader's).
    unique = {
        (d.path, d.line, d.column, d.code, "" if d.code == Code.INVALID_DATE else d.message): d
        for d in reversed(diagnostics)
    }
    ordered = sorted(unique.values(), key=_order(ranks))
    if only is not None:
        files = [file for file in files if _selected(file.parts, only)]
        shown = {file.display for file in files}
        ordered = [diagnostic for diagnostic in ordered if diagnostic.path in shown]
    return ValidationResult(len(files), ordered)


def _order(ranks: dict[str, int]) -> Callable[[Diagnostic], tuple[int, str, int, int, str]]:
    def key(diagnostic: Diagnostic) -> tuple[int, str, int, int, str]:
        return (
            ranks.get(diagnostic.path, -1),
            diagnostic.path,
            diagnostic.line,
            diagnostic.column,
            diagnostic.code,
        )

    return key
