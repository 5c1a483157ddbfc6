"""Screens of each file's text: personnummer, and whether the fast path may be trusted.

The screens are pure text scans, about a third of the time it takes to load a large tree, and
they need nothing from the loader but the file. So for a large tree on Linux they run in a
second process (forked: no new interpreter, no imports) over the same files while this one
parses and models them; the loader then keeps what both agree it may keep. Elsewhere, and for
small trees where starting a process costs more than it saves, they run here, one file at a
time.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from samverkan_cli.loading.byte_classes import byte_classes
from samverkan_cli.loading.fast import needs_care
from samverkan_cli.loading.personnummer import find_personnummer

BOM = "\ufeff"

# Below this many files the process costs more than the screens (about 0.1 ms a file).
PARALLEL_FROM = 1000


@dataclass(frozen=True)
class Screen:
    checksum: bytes
    """A hash of the bytes screened: a file changed between two reads is screened again."""
    needs_care: bool
    """The fast path might read this text differently from the careful one."""
    personnummer: tuple[tuple[int, int, str], ...]
    """(line, column, kind) of each personnummer or samordningsnummer."""


def decode(raw: bytes) -> str:
    """The text of a record file; raises UnicodeDecodeError."""
    return raw.decode("utf-8").removeprefix(BOM)


def checksum(raw: bytes) -> bytes:
    # A cryptographic hash, not a CRC: a file rewritten between the reads must not be able
    # to borrow the other version's screen.
    return hashlib.blake2b(raw, digest_size=16).digest()


def read_limited(path: str, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it holds more than max_bytes (a size from stat can lie:
    /dev/zero says 0)."""
    with open(path, "rb") as handle:
        raw = handle.read(max_bytes + 1)
    return None if len(raw) > max_bytes else raw


def screen(raw_checksum: bytes, text: str) -> Screen:
    classes = byte_classes(text)
    return Screen(raw_checksum, needs_care(text, classes), tuple(find_personnummer(text, classes)))


def _screen_files(paths: Sequence[str], max_bytes: int) -> list[Screen | None]:
    """The screens of files as the loader will read them; None where it cannot read one."""
    screens: list[Screen | None] = []
    for path in paths:
        try:
            raw = read_limited(path, max_bytes)
            screens.append(None if raw is None else screen(checksum(raw), decode(raw)))
        except (OSError, UnicodeDecodeError):
            screens.append(None)
    return screens


def _fork_available() -> bool:
    """A second process may be forked: Linux (macOS offers fork, but its system libraries may
    not survive it), more than one core, and not turned off with SAMVERKAN_PROCESSES=1."""
    return (
        sys.platform.startswith("linux")
        and (os.cpu_count() or 1) > 1
        and os.environ.get("SAMVERKAN_PROCESSES", "") != "1"
    )


class Screens:
    """The screen of each of a list of files, from a second process where that pays."""

    def __init__(self, paths: Sequence[str], max_bytes: int) -> None:
        self._found: list[Screen | None] = []
        self._pending: Future[list[Screen | None]] | None = None
        self.parallel = len(paths) >= PARALLEL_FROM and _fork_available()
        if self.parallel:
            try:
                executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
                self._pending = executor.submit(_screen_files, list(paths), max_bytes)
                executor.shutdown(wait=False)
            except Exception:  # no processes (or semaphores) to be had: screen here instead
                self.parallel = False

    def of(self, index: int, raw_checksum: bytes, text: str) -> Screen:
        """The screen of file `index`, as the loader read it (its bytes' checksum, its text)."""
        if self._pending is not None:
            try:
                self._found = self._pending.result()
            except Exception:  # a worker that died: every file is screened here
                self._found = []
            self._pending = None
        found = self._found[index] if index < len(self._found) else None
        if found is not None and found.checksum == raw_checksum:
            return found
        return screen(raw_checksum, text)
