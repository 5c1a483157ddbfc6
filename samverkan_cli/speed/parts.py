"""A large tree loaded in two shares, one per process, each worked on where it was loaded.

A model costs more to send between processes than to build (pickle 2.7 s, unpickle 3.1 s,
build 0.85 s for 10 000 files), so the commands that go through the whole tree (validate,
status, report) do not bring every record to one process. The records of the independent kinds
(records.dependencies: medborgarlöften, most of a large tree, on which no other record
depends) are split
between two processes, which take shares of them from the two ends of one list, so that they
finish together however the machine's load falls. Each process also loads every record of the
other kinds, the context its own records are checked, evaluated and rendered against. A
job's `work` then runs on each share where it was loaded, and only its result (problems,
JSON, text) is sent back.

If the second process dies, this one loads the shares it took as a share of their own: the
results are the same either way, only slower.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from samverkan_cli.diagnostics import Diagnostic
from samverkan_cli.loading.limits import Limits
from samverkan_cli.loading.loader import Settled, add_records, settle
from samverkan_cli.loading.reading import (
    FileReading,
    SkipFile,
    SourceFile,
    read_bytes,
    reading_of,
)
from samverkan_cli.records.dataset import Dataset
from samverkan_cli.records.dependencies import is_independent, values_of, within_kind
from samverkan_cli.records.job import Share
from samverkan_cli.speed.fork import Shares, reap, receive, send, start_second
from samverkan_cli.speed.lifetime import kept

R = TypeVar("R")

Worked = tuple[R, int, frozenset[str], dict[str, str]]
"""What a share's work gave, the errors in its loading, the paths of its files that have
errors, and what the plug noted of the files read (the keys of their products)."""

Noted = Callable[[], dict[str, str]]


def independent_files(files: Sequence[SourceFile]) -> list[int]:
    """The indices of the files of independent records: what the shares are made of."""
    return [index for index, source in enumerate(files) if is_independent(source.kind)]


def worked(work: Callable[[Share], R], share: Share, noted: Noted | None) -> Worked[R]:
    erring = frozenset(d.path for d in share.problems if d.is_error)
    return work(share), share.load_errors, erring, noted() if noted else {}


def read_file(
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
class Split:
    root: Path
    files: list[SourceFile]
    shared: list[int]
    """Indices of the independent records' files, in order; the shares are slices of this
    list."""
    limits: Limits
    shares: Shares
    skip: SkipFile | None
    noted: Noted | None
    context: Indexed = field(default_factory=list)
    checksums: dict[int, tuple[int, bytes]] = field(default_factory=dict)
    """Size and checksum of each file read without keeping its text, by index."""
    by_id: dict[tuple[str, str], int] | None = None
    """The index of each independent record's file by its kind and the id its path says."""

    @classmethod
    def start(
        cls,
        root: Path,
        files: list[SourceFile],
        shared: list[int],
        limits: Limits,
        skip: SkipFile | None,
        noted: Noted | None,
    ) -> Split | None:
        """The shares to split; None when no shared memory (or lock) is to be had."""
        try:
            return cls(root, files, shared, limits, Shares(len(shared)), skip, noted)
        except Exception:  # no semaphores in this sandbox
            return None

    def run(self, work: Callable[[Share], R], warnings: list[Diagnostic]) -> list[Worked[R]]:
        started = start_second(lambda sender: self._second(work, sender))
        if started is not None:
            self.shares.pid = started[0]
        try:  # With no second process every share is taken here.
            self._load_context()
            here = self._part(self._take(from_front=False), first=True, warnings=warnings)
            results = [worked(work, here, self.noted)]
        except BaseException:  # an error or an interrupt here: stop the second process too
            if started is not None:
                started[1].close()
                reap(started[0])
            raise
        if started is not None:
            there = self._receive(started[1])
            if there is None:  # it died: the shares it took are a share of their own, made here
                taken = [i for chunk in self.shares.taken_from_front() for i in self._chunk(chunk)]
                there = worked(
                    work, self._part(self._read(taken, keep_text=True), first=False), self.noted
                )
            results.append(there)
        return results

    def _second(self, work: Callable[[Share], R], sender: Connection) -> None:
        """The second process: the context and shares from the front, loaded and worked on;
        sent back, the size and checksum of each of its files (to find positions in them
        later) and the result."""
        self._load_context()
        result = worked(work, self._part(self._take(from_front=True), first=False), self.noted)
        send(sender, (self.checksums, result))
        sender.close()

    def _receive(self, receiver: Connection) -> Worked[Any] | None:
        try:
            checksums, result = receive(receiver)
        except Exception:  # it ended (EOFError) or died mid-message
            return None
        finally:
            receiver.close()
            reap(self.shares.pid)
        for index, left_behind in checksums.items():
            self.files[index].left_behind = left_behind
        result_: Worked[Any] = result
        return result_

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
            reading = read_file(source, self.limits, keep_text, self.skip if shared else None)
            if reading is None:
                continue
            found.append((index, settle(source, reading, self.limits)))
            if not keep_text and not isinstance(reading, Diagnostic):
                self.checksums[index] = (reading.size, reading.checksum)
        return found

    def _part(self, own: Indexed, *, first: bool, warnings: Sequence[Diagnostic] = ()) -> Share:
        """The context records, these shared files' records and those they refer to of their
        own kind (which another share answers for), each kind in file order."""
        referred = self._referred(own)
        loaded = sorted([*own, *referred], key=lambda item: item[0])
        indices = sorted(index for index, _ in [*self.context, *loaded])
        dataset = kept(Dataset(self.root, [self.files[index] for index in indices]))
        context_problems = add_records(dataset, self._sources(self.context))
        paths = frozenset(self.files[index].display for index, _ in own)
        problems = [d for d in add_records(dataset, self._sources(loaded)) if d.path in paths]
        independent = frozenset(self.files[index].display for index, _ in loaded)
        if first:
            return Share(
                dataset, [*context_problems, *problems, *warnings], True, paths, independent
            )
        return Share(dataset, problems, False, paths, independent)

    def _referred(self, own: Indexed) -> Indexed:
        """The files of the records that these records refer to within their kind, and those
        they refer to in turn, that are not among them."""
        if self.by_id is None:
            self.by_id = {
                (source.kind.name, source.captured["id"]): index
                for index in self.shared
                if (source := self.files[index]).kind is not None and "id" in source.captured
            }
        have = {index for index, _ in own}
        found: Indexed = []
        pending = list(own)
        while pending:
            index, (model, _) = pending.pop()
            kind = self.files[index].kind
            if model is None or kind is None:
                continue
            for reference in within_kind(kind):
                for value in values_of(model, reference.pattern):
                    other = self.by_id.get((kind.name, value))
                    if other is not None and other not in have:
                        have.add(other)
                        read = self._read([other], keep_text=True, shared=False)
                        found += read
                        pending += read
        return found

    def _sources(self, indexed: Indexed) -> list[tuple[SourceFile, Settled]]:
        return [(self.files[index], settled) for index, settled in indexed]
