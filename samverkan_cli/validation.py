"""`validate` as a library call: load a data tree, run every check, keep what was asked for."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from samverkan_cli.checks import run_checks
from samverkan_cli.diagnostics import Diagnostic, count_errors
from samverkan_cli.loading.loader import Dataset, load


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
    # The reader and a model may both see one impossible date: say it once (the reader's).
    unique = {
        (d.path, d.line, d.column, d.code, "" if d.code == "invalid-date" else d.message): d
        for d in reversed([*load_diagnostics, *run_checks(dataset)])
    }
    diagnostics = sorted(unique.values(), key=_order(dataset))
    files = dataset.files
    if only is not None:
        files = [file for file in files if _selected(file.parts, only)]
        shown = {file.display for file in files}
        diagnostics = [diagnostic for diagnostic in diagnostics if diagnostic.path in shown]
    return ValidationResult(len(files), diagnostics)


def _order(dataset: Dataset) -> Callable[[Diagnostic], tuple[int, str, int, int, str]]:
    rank = {file.display: index for index, file in enumerate(dataset.files)}

    def key(diagnostic: Diagnostic) -> tuple[int, str, int, int, str]:
        return (
            rank.get(diagnostic.path, -1),
            diagnostic.path,
            diagnostic.line,
            diagnostic.column,
            diagnostic.code,
        )

    return key


def validate(root: Path, only: Sequence[Parts] | None = None) -> ValidationResult:
    """Check every record under `root`; report on the files under `only` (all when None)."""
    dataset, diagnostics = load(root)
    return validate_dataset(dataset, diagnostics, only)
