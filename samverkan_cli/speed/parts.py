"""A large tree loaded in two parts, one per process, each worked on where it was loaded.

A model costs more to send between processes than to build (pickle 2.7 s, unpickle 3.1 s,
build 0.85 s for 10 000 files), so the commands that go through the whole tree (validate,
status, report) do not bring every record to one process. The records of the shared kinds
(medborgarlöften: most of a large tree, and none referred to by another record) are split
between two processes, which take shares of them from the two ends of one list, so that they
finish together however the machine's load falls. Each process also loads every record of the
other kinds, the context its own records are checked, evaluated and rendered against. A
command's `work` then runs on each part where it was loaded, and only its result (problems,
JSON, text) is sent back.

Where no second process is to be had, or the tree is small, there is one part holding
everything. If the second process dies, this one loads the shares it took as a part of their
own: the results are the same either way, only slower.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Generic, TypeVar

from samverkan_cli.diagnostics import Diagnostic, count_errors
from samverkan_cli.loading.limits import DEFAULT_LIMITS, Limits
from samverkan_cli.loading.loader import (
    Settled,
    add_records,
    collector_paused,
    dataset_of,
    file_ranks,
    find_files,
    settle,
)
from samverkan_cli.loading.reading import (
    FileReading,
    SkipFile,
    SourceFile,
    read_bytes,
    reading_of,
)
from samverkan_cli.records.dataset import Dataset, Record
from samverkan_cli.speed.fork import Shares, fork_available, reap, receive, send, start_second
from samverkan_cli.speed.lifetime import kept
from samverkan_cli.speed.sharing import read_all

R = TypeVar("R")

# As for the readings shared in sharing.py: below this many shared files a second process
# costs more than it saves, and shares of this many files finish close together.
PARALLEL_FROM = 1000
CHUNK = 64


@dataclass
class Part:
    """The records one process works on: every context record, and its shared ones."""

    dataset: Dataset
    diagnostics: list[Diagnostic]
    """The loading's problems in the files this part owns."""
    first: bool
    """This part owns the context records, and the problems found outside any record; the
    others own only their shared records (and see the context records they are checked,
    evaluated and rendered against)."""
    shared_paths: frozenset[str] = frozenset()
    """The display paths of this part's shared files."""

    def owns(self, record: Record[Any]) -> bool:
        return self.first or record.kind.shared

    def keeps(self, diagnostic: Diagnostic) -> bool:
        """Is this a problem in a file this part owns (and so reports)?"""
        return self.first or diagnostic.path in self.shared_paths


@dataclass
class Loaded(Generic[R]):
    files: list[SourceFile]
    """Every record file in the tree, in order."""
    results: list[R]
    """What `work` made of each part, the first part's first."""
    load_errors: int
    """Errors found in loading, in all parts."""

    @cached_property
    def ranks(self) -> dict[str, int]:
        """Where each file stands in the tree's order, by display path: results from the
        parts are put in order by it."""
        return file_ranks(self.files)


def load_in_parts(
    root: Path,
    work: Callable[[Part], R],
    *,
    root_display: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    found: tuple[list[SourceFile], list[Diagnostic]] | None = None,
    skip: SkipFile | None = None,
) -> Loaded[R]:
    """Load the tree under `root` and run `work` on each part of it. `found` is what
    `find_files` found there, where the caller has it; a shared file that `skip` says to
    skip, by its bytes, is in no part (the caller knows its product)."""
    with collector_paused():
        files, warnings = found or find_files(root, root_display)
        shared = [index for index, source in enumerate(files) if _is_shared(source)]
        if len(shared) >= PARALLEL_FROM and fork_available():
            split = _Split.start(root, files, shared, limits, skip)
            if split is not None:
                return split.run(work, warnings)
        readings = read_all(files, limits) if skip is None else _not_skipped(files, limits, skip)
        dataset, diagnostics = dataset_of(root, files, readings, limits, warnings)
        result = work(Part(dataset, diagnostics, first=True))
        return Loaded(files, [result], count_errors(diagnostics)[0])


def _is_shared(source: SourceFile) -> bool:
    return source.kind is not None and source.kind.shared


def _not_skipped(
    files: list[SourceFile], limits: Limits, skip: SkipFile
) -> Iterator[tuple[int, FileReading | Diagnostic]]:
    """(index, reading) of each file, but the shared files `skip` says to skip."""
    for index, source in enumerate(files):
        reading = _reading(source, limits, True, skip if _is_shared(source) else None)
        if reading is not None:
            yield index, reading


def _reading(
    source: SourceFile, limits: Limits, keep_text: bool, skip: SkipFile | None
) -> FileReading | Diagnostic | None:
    """A file's reading; None when `skip` says to skip it."""
    raw = read_bytes(source, limits)
    if isinstance(raw, Diagnostic):
        return raw
    if skip is not None and skip(source, raw):
        return None
    return reading_of(source, raw, limits, keep_text=keep_text)


Indexed = list[tuple[int, Settled]]
"""Settled files by their index in the tree's list of files."""


@dataclass
class _Split:
    root: Path
    files: list[SourceFile]
    shared: list[int]
    """Indices of the shared files, in order; the shares are slices of this list."""
    limits: Limits
    shares: Shares
    skip: SkipFile | None
    context: Indexed = field(default_factory=list)
    checksums: dict[int, tuple[int, bytes]] = field(default_factory=dict)
    """Size and checksum of each file read without keeping its text, by index."""

    @classmethod
    def start(
        cls,
        root: Path,
        files: list[SourceFile],
        shared: list[int],
        limits: Limits,
        skip: SkipFile | None,
    ) -> _Split | None:
        """The shares to split; None when no shared memory (or lock) is to be had."""
        try:
            return cls(root, files, shared, limits, Shares(len(shared), CHUNK), skip)
        except Exception:  # no semaphores in this sandbox
            return None

    def run(self, work: Callable[[Part], R], warnings: list[Diagnostic]) -> Loaded[R]:
        started = start_second(lambda sender: self._second(work, sender))
        if started is not None:
            self.shares.pid = started[0]
        try:  # With no second process every share is taken here.
            self._load_context()
            here = self._part(self._take(from_front=False), first=True, warnings=warnings)
            results = [work(here)]
        except BaseException:  # an error or an interrupt here: stop the second process too
            if started is not None:
                started[1].close()
                reap(started[0])
            raise
        load_errors = count_errors(here.diagnostics)[0]
        if started is not None:
            there = self._receive(started[1])
            if there is None:  # it died: the shares it took are a part of their own, made here
                taken = [i for chunk in self.shares.taken_from_front() for i in self._chunk(chunk)]
                part = self._part(self._read(taken, keep_text=True), first=False)
                there = (count_errors(part.diagnostics)[0], work(part))
            load_errors += there[0]
            results.append(there[1])
        return Loaded(self.files, results, load_errors)

    def _second(self, work: Callable[[Part], R], sender: Connection) -> None:
        """The second process: the context and shares from the front, loaded and worked on;
        sent back, the size and checksum of each of its files (to find positions in them
        later) and the result."""
        self._load_context()
        part = self._part(self._take(from_front=True), first=False)
        result = work(part)
        send(sender, (self.checksums, count_errors(part.diagnostics)[0], result))
        sender.close()

    def _receive(self, receiver: Connection) -> tuple[int, Any] | None:
        try:
            checksums, errors, result = receive(receiver)
        except Exception:  # it ended (EOFError) or died mid-message
            return None
        finally:
            receiver.close()
            reap(self.shares.pid)
        for index, left_behind in checksums.items():
            self.files[index].left_behind = left_behind
        return errors, result

    def _load_context(self) -> None:
        shared = set(self.shared)
        self.context = self._read(
            [index for index in range(len(self.files)) if index not in shared],
            keep_text=True,
            shared=False,
        )

    def _chunk(self, chunk: int) -> list[int]:
        return [self.shared[position] for position in self.shares.chunks[chunk]]

    def _take(self, *, from_front: bool) -> Indexed:
        """Shares from one end until none is left, read and settled. The text of a file read
        the fast way is not kept (less memory to fill): a position in it is found by reading
        it again, checksum and all."""
        taken: Indexed = []
        while (chunk := self.shares.take(from_front=from_front)) is not None:
            taken += self._read(self._chunk(chunk), keep_text=False)
        return taken

    def _read(self, indices: Iterable[int], *, keep_text: bool, shared: bool = True) -> Indexed:
        found: Indexed = []
        for index in indices:
            source = self.files[index]
            reading = _reading(source, self.limits, keep_text, self.skip if shared else None)
            if reading is None:
                continue
            found.append((index, settle(source, reading, self.limits)))
            if not keep_text and not isinstance(reading, Diagnostic):
                self.checksums[index] = (reading.size, reading.checksum)
        return found

    def _part(self, own: Indexed, *, first: bool, warnings: Sequence[Diagnostic] = ()) -> Part:
        """The context records and these shared files' records, each kind in file order."""
        own = sorted(own, key=lambda item: item[0])
        indices = sorted(index for index, _ in [*self.context, *own])
        dataset = kept(Dataset(self.root, [self.files[index] for index in indices]))
        context_problems = add_records(dataset, self._sources(self.context))
        problems = add_records(dataset, self._sources(own))
        if first:
            return Part(dataset, [*context_problems, *problems, *warnings], first=True)
        paths = frozenset(self.files[index].display for index, _ in own)
        return Part(dataset, problems, first=False, shared_paths=paths)

    def _sources(self, indexed: Indexed) -> list[tuple[SourceFile, Settled]]:
        return [(self.files[index], settled) for index, settled in indexed]
