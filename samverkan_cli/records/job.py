"""A job over a whole data tree: the work on one share of its records, and a merge.

Every command that goes through a tree (validate, status, the reports, the diffs) is written
as a `TreeJob`. Its `work` runs on a `Share`: a dataset holding every record the share's own
records are checked, evaluated and rendered against, and the records the share answers for.
Its `merge` puts the results of all shares together. How many shares there are, and where
they are worked on, is the runner's business (samverkan_cli.speed); a job gives the same
result whether the tree is one share or several.

A job whose results do not split (a PDF of the whole overview, a diff of two trees) sets
`whole = True` and gets one share with every record.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar, Protocol, TypeVar

from samverkan_cli.diagnostics import Diagnostic, count_errors
from samverkan_cli.loading.reading import SourceFile
from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.records.dependencies import is_independent

P = TypeVar("P")
R = TypeVar("R", covariant=True)


@dataclass
class Share:
    """The records one piece of work answers for, and what it sees of the others."""

    dataset: Dataset
    problems: list[Diagnostic]
    """The loading's problems in the files this share answers for."""
    answers_for_context: bool = True
    """It answers for the records of the kinds others depend on (the context), and for the
    problems found outside any record."""
    own_paths: frozenset[str] | None = None
    """The display paths of the files of the independent records it answers for; None for
    all of them."""
    independent_paths: frozenset[str] = frozenset()
    """The display paths of the files of all independent records it holds, where
    `own_paths` is given (some it holds only because its own refer to them)."""

    def owns(self, record: Record[Any]) -> bool:
        if self.own_paths is not None and is_independent(record.kind):
            return record.file.display in self.own_paths
        return self.answers_for_context

    def keeps(self, diagnostic: Diagnostic) -> bool:
        """Is this a problem in a file this share answers for?"""
        if self.own_paths is None:
            return self.answers_for_context
        if diagnostic.path in self.own_paths:
            return True
        return self.answers_for_context and diagnostic.path not in self.independent_paths

    def own_records(self) -> Iterator[Record[Any]]:
        for records in self.dataset.records.values():
            for record in records:
                if self.owns(record):
                    yield record

    @cached_property
    def load_errors(self) -> int:
        return count_errors(self.problems)[0]


@dataclass
class Tree:
    """The whole tree a job went through, for its merge."""

    files: list[SourceFile]
    """Every record file in the tree, in order."""
    load_errors: int
    """Errors found in loading, in all shares."""
    kept: dict[str, Kept] = field(default_factory=dict)
    """Products of earlier runs, by display path, for the files no share worked on (see
    `KeepsProducts`)."""

    @cached_property
    def ranks(self) -> dict[str, int]:
        """Where each file stands in the tree's order, by display path."""
        return {source.display: index for index, source in enumerate(self.files)}


class TreeJob(Protocol[P, R]):
    whole: ClassVar[bool]
    """True when the job needs every record in one share."""

    def work(self, share: Share) -> P: ...

    def merge(self, results: list[P], tree: Tree) -> R: ...


@dataclass(frozen=True)
class Kept:
    """A product that can be kept between runs: a few plain values and a text."""

    values: tuple[str | int | bool | None, ...]
    text: str | None


class KeepsProducts(TreeJob[P, R], Protocol):
    """A job whose product of an independent record file depends only on that file, the
    records of the other kinds, the job's `setting` and the tool: products may be kept
    between runs, and a file whose product is kept need not be worked on (it is in
    `Tree.kept` instead)."""

    setting: str
    """What the products depend on beyond the files and the tool (the date, say)."""

    def products(self, result: P) -> dict[str, Kept]:
        """The products of the independent record files a share worked on, by path."""
        ...


@dataclass(frozen=True)
class Loaded:
    """Every record of a tree in one dataset, and the problems found loading it."""

    dataset: Dataset
    problems: list[Diagnostic]

    @cached_property
    def load_errors(self) -> int:
        return count_errors(self.problems)[0]


@dataclass(frozen=True)
class LoadJob:
    """The whole tree, for work that compares or looks through every record at once."""

    whole: ClassVar[bool] = True

    def work(self, share: Share) -> Loaded:
        return Loaded(share.dataset, share.problems)

    def merge(self, results: list[Loaded], tree: Tree) -> Loaded:
        return results[0]
