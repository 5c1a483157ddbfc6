"""`validate` as a job on a data tree: every check, and what was asked for kept."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from samverkan_cli.checks import references
from samverkan_cli.checks.every import checks_within
from samverkan_cli.checks.identity import Identity, duplicate_ids, identities
from samverkan_cli.checks.narrowing import Parts as Parts
from samverkan_cli.checks.narrowing import TreeIndex, reported, under
from samverkan_cli.checks.selection import affected, pointers
from samverkan_cli.diagnostics import Code, Diagnostic
from samverkan_cli.diagnostics import ValidationResult as ValidationResult
from samverkan_cli.loading.limits import DEFAULT_LIMITS, Limits
from samverkan_cli.loading.loader import dataset_of, find_files
from samverkan_cli.loading.personnummer import redact
from samverkan_cli.loading.reading import SourceFile, read_source
from samverkan_cli.records.job import Share, Tree
from samverkan_cli.records.keys import RecordKey
from samverkan_cli.records.models import kind_for_path


@dataclass(frozen=True)
class ValidateJob:
    """Every problem in a tree; with `only`, just those in the files under those paths, and
    with `changed`, just those in the changed files and in the records that point at them
    (references are still checked against the whole tree)."""

    only: Sequence[Parts] | None = None
    changed: Sequence[Parts] | None = None
    """Files changed, relative to the data root (`validate --changed-since`)."""
    indexed: bool = False
    """For a whole tree: give the result the index that narrows it (checks/narrowing.py)."""
    whole: ClassVar[bool] = False

    def work(self, share: Share) -> _Checked:
        return checked_share(share, self.changed, self.indexed)

    def merge(self, results: list[_Checked], tree: Tree) -> ValidationResult:
        found = sorted(
            (identity for part in results for identity in part.identities),
            key=lambda identity: tree.ranks[identity.path],
        )
        files = {source.display: source for source in tree.files}
        diagnostics = [diagnostic for part in results for diagnostic in part.diagnostics]
        diagnostics += duplicate_ids(found, files)
        pointing = (p for part in results for p in part.selected)
        result = _result(
            tree.files, tree.ranks, diagnostics, reported(self.only, self.changed, pointing)
        )
        if not self.indexed or self.only is not None or self.changed is not None:
            return result
        pointers = {parts: keys for part in results for parts, keys in part.pointers.items()}
        index = TreeIndex([(file.display, file.parts) for file in tree.files], pointers)
        return dataclasses.replace(result, index=index)


def checked_share(
    share: Share, changed: Sequence[Parts] | None = None, indexed: bool = False
) -> _Checked:
    """`ValidateJob.work`: the problems of the files a share answers for."""
    problems = [d for d in checks_within(share.dataset) if share.keeps(d)]
    own = list(share.own_records())
    selected = [] if changed is None else affected(own, changed)
    root = share.dataset.root
    gone = {parts for parts in changed or () if not os.path.lexists(root.joinpath(*parts))}
    if gone:
        problems = references.removed(own, gone, problems)
    found = pointers(own) if indexed else {}
    return _Checked([*share.problems, *problems], identities(own), selected, found)


def kept_checked(found: list[Identity]) -> _Checked:
    """What `checked_share` gives for records known only by their identities."""
    return _Checked([], found, [], {})


@dataclass(frozen=True)
class _Checked:
    diagnostics: list[Diagnostic]
    identities: list[Identity]
    """Of the records the share owns, for the one check across shares."""
    selected: list[Parts]
    """The files of the records it owns that point at a changed record."""
    pointers: dict[Parts, list[RecordKey]]
    """With `indexed`: by file it owns, the records its records point at."""


def _result(
    files: list[SourceFile],
    ranks: dict[str, int],
    diagnostics: list[Diagnostic],
    only: Sequence[Parts] | None,
) -> ValidationResult:
    # A file that holds a personnummer: no other message about it may quote one of its values.
    holding = {d.path for d in diagnostics if d.code is Code.PERSONNUMMER}
    if holding:
        diagnostics = [
            dataclasses.replace(d, message=redact(d.message))
            if d.path in holding and d.code is not Code.PERSONNUMMER
            else d
            for d in diagnostics
        ]
    # The reader and a model may both see one impossible date: say it once (the reader's).
    unique = {
        (d.path, d.line, d.column, d.code, "" if d.code == Code.INVALID_DATE else d.message): d
        for d in reversed(diagnostics)
    }
    ordered = sorted(unique.values(), key=_order(ranks))
    if only is not None:
        files = [file for file in files if under(file.parts, only)]
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


def validate_with_texts(
    root: Path,
    texts: Mapping[Path, bytes],
    *,
    root_display: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ValidationResult:
    """Every problem in the tree under `root` as it would be with the files in `texts`
    holding those bytes (a file not yet on disk is added): the check before a write, in this
    process, with the same job as `validate`."""
    files, warnings = find_files(root, root_display)
    by_path = {os.path.realpath(source.path): source for source in files}
    base = str(Path(root_display if root_display is not None else str(root)))
    for path, raw in texts.items():
        source = by_path.get(os.path.realpath(path))
        if source is None:
            parts = Path(os.path.relpath(path, root)).parts
            display = os.path.join(base, *parts) if base != "." else os.path.join(*parts)
            source = SourceFile(str(path), display, parts)
            found = kind_for_path(parts)
            if found is not None:
                source.kind, source.captured = found
            files.append(source)
        source.raw = raw
    readings = ((index, read_source(source, limits)) for index, source in enumerate(files))
    dataset, problems = dataset_of(root, files, readings, limits, warnings)
    share = Share(dataset, problems)
    job = ValidateJob()
    return job.merge([job.work(share)], Tree(files, share.load_errors))
